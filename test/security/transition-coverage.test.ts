/**
 * The test kit's transition coverage is what the model suites trust to say "every transition
 * was walked": `missing()` must list exactly the transitions not walked, no more, no fewer.
 */
import { describe, expect, it } from 'vitest';
import { flowGraph, transitionCoverage } from '../../src/testing/index.js';
import { tinyEvents, tinyMachine } from '../testing/tiny.machine.js';

const options = { events: tinyEvents, project: (s: { context: { attempts: number } }) => ({ attempts: s.context.attempts }) };

describe("transitionCoverage().graph.missing() (security of the model suites)", () => {
  it('lists exactly the unwalked edges as they are walked one by one, down to none', () => {
    const graph = flowGraph(tinyMachine, options);
    const ids = graph.edges.map((edge) => edge.id);
    expect(ids.length).toBeGreaterThan(3);
    const coverage = transitionCoverage(graph);
    expect([...coverage.graph.missing()].sort()).toEqual([...ids].sort());
    // Walk in an order other than the graph's, twice for some, by edge and by id.
    const order = [...ids].reverse();
    order.forEach((id, i) => {
      const edge = graph.edges.find((e) => e.id === id);
      coverage.cover(i % 2 === 0 && edge ? edge : id);
      if (i % 3 === 0) coverage.cover(id);
      const walked = new Set(order.slice(0, i + 1));
      expect([...coverage.graph.missing()].sort()).toEqual(ids.filter((e) => !walked.has(e)).sort());
      expect(coverage.graph.covered).toBe(walked.size);
    });
    expect(coverage.graph.missing()).toEqual([]);
    expect(coverage.graph.covered).toBe(coverage.graph.total);
  });

  it('counts an edge shared by graphs of one machine once, and lists one left unwalked in either', () => {
    const a = flowGraph(tinyMachine, options);
    const b = flowGraph(tinyMachine, { events: tinyEvents, project: () => undefined });
    const all = new Set([...a.edges, ...b.edges].map((edge) => edge.id));
    const coverage = transitionCoverage([a, b]);
    expect(coverage.graph.total).toBe(all.size);
    for (const edge of a.edges) coverage.cover(edge);
    expect([...coverage.graph.missing()].sort()).toEqual([...all].filter((id) => !a.edges.some((edge) => edge.id === id)).sort());
    expect(coverage.graph.missing().length).toBeGreaterThan(0);
  });

  it('refuses to mark a transition that is not in the graph, and it never shows up as walked', () => {
    const graph = flowGraph(tinyMachine, options);
    const coverage = transitionCoverage(graph);
    expect(() => coverage.cover('nowhere --x--> elsewhere')).toThrow(/not a transition/);
    expect(coverage.graph.covered).toBe(0);
    expect(coverage.graph.missing()).toHaveLength(graph.edges.length);
  });
});
