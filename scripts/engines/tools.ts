import { spawnSync } from 'node:child_process';
import { MissingToolError } from './processes';

interface ToolSpec {
  command: string;
  args: string[];
  /** Pulls the version number out of the tool's answer. */
  version: RegExp;
  minimum: number[];
  purpose: string;
  install: string;
}

const TOOLS = {
  go: {
    command: 'go',
    args: ['version'],
    version: /go(\d+)\.(\d+)(?:\.(\d+))?/,
    minimum: [1, 26],
    purpose: 'to build FerretDB and Mailpit',
    install: 'install Go 1.26+ from https://go.dev/dl/ and put its bin/ on PATH',
  },
  java: {
    command: 'java',
    args: ['-version'],
    version: /version "(\d+)(?:\.(\d+))?/,
    minimum: [17],
    purpose: 'to run Kafka',
    install: 'apt-get install openjdk-17-jre-headless (or any JDK 17+)',
  },
  mvn: {
    command: 'mvn',
    args: ['-v'],
    version: /Apache Maven (\d+)\.(\d+)/,
    minimum: [3, 6],
    purpose: 'to fetch the Kafka jars from Maven Central',
    install: 'apt-get install maven',
  },
} satisfies Record<string, ToolSpec>;

export type ToolName = keyof typeof TOOLS;

const atLeast = (found: number[], minimum: number[]) => {
  for (let i = 0; i < minimum.length; i++) {
    const have = found[i] ?? 0;
    if (have !== minimum[i]) return have > minimum[i];
  }
  return true;
};

/** Fails with a message naming the tool, what it is for and how to get it. */
export function requireTool(name: ToolName): void {
  const tool: ToolSpec = TOOLS[name];
  const result = spawnSync(tool.command, tool.args, { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const needs = `${name} ${tool.minimum.join('.')}+ is needed ${tool.purpose}`;
  if (result.error) {
    throw new MissingToolError(`Missing tool: '${name}' was not found on PATH. ${needs}: ${tool.install}.`);
  }
  const match = tool.version.exec(`${result.stdout}\n${result.stderr}`);
  const found = match ? match.slice(1).filter(Boolean).map(Number) : [];
  if (!match || !atLeast(found, tool.minimum)) {
    throw new MissingToolError(`Tool too old: found ${name} ${found.join('.') || '(unknown version)'}. ${needs}: ${tool.install}.`);
  }
}
