#!/usr/bin/env node
/**
 * The `saasus-flows` command. Each subcommand lives in its own module exporting
 * `run(argv, io): Promise<number>` (the exit code) and is loaded only when used:
 *
 *   saasus-flows emulator [--port 4010] [--host 127.0.0.1 [--allow-remote]] [--data FILE] [--callback-url URL]   (./emulator-command.ts)
 *   saasus-flows demo                                                       (./demo.ts)
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Streams a subcommand writes to (injectable for tests). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** What every subcommand module exports. */
export interface CliCommand {
  run(argv: string[], io: CliIo): Promise<number>;
}

const commands: Record<string, { load: () => Promise<CliCommand>; summary: string }> = {
  emulator: { load: () => import('./emulator-command.js'), summary: 'serve the local SaaSus auth emulator' },
  demo: { load: () => import('./demo.js'), summary: 'the onboarding wizard on the embedded emulator' },
};

function usage(io: CliIo): void {
  io.out('Usage: saasus-flows <command> [options]\n');
  for (const [name, { summary }] of Object.entries(commands)) io.out(`  ${name.padEnd(10)} ${summary}`);
  io.out('\nRun `saasus-flows <command> --help` for its options.');
}

/** Dispatches `argv` (without node and script) to a subcommand; resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    usage(io);
    return name === undefined ? 1 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`saasus-flows: unknown command "${name}".`);
    usage(io);
    return 1;
  }
  return (await command.load()).run(rest, io);
}

function isEntry(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // Through the npm bin symlink argv[1] is the link; compare real paths.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  const io: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  main(process.argv.slice(2), io).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      io.err(`saasus-flows: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
