import { spawnSync } from 'node:child_process';
import { installDebianPackages } from './debian-packages';
import { MissingToolError } from './processes';
import { EngineSettings } from './settings';

interface ToolSpec {
  command: string;
  args: string[];
  /** Pulls the version number out of the tool's answer. */
  version: RegExp;
  minimum: number[];
  purpose: string;
  install: string;
  /** Debian's package for it, installed by provisioning when the tool is missing and we are root. */
  debian?: string;
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
    purpose: 'to run Kafka and the mock OAuth server',
    install: 'apt-get install openjdk-17-jre-headless (or any JDK 17+)',
    debian: 'openjdk-17-jre-headless',
  },
  mvn: {
    command: 'mvn',
    args: ['-v'],
    version: /Apache Maven (\d+)\.(\d+)/,
    minimum: [3, 6],
    purpose: 'to fetch the Kafka and mock OAuth server jars',
    install: 'apt-get install maven',
    debian: 'maven',
  },
  python3: {
    command: 'python3',
    args: ['--version'],
    version: /Python (\d+)\.(\d+)/,
    minimum: [3, 9],
    purpose: 'to run the CSC API server (certomancer-csc-dummy)',
    install: 'apt-get install python3 python3-venv',
    debian: 'python3',
  },
  openssl: {
    command: 'openssl',
    args: ['version'],
    version: /OpenSSL (\d+)\.(\d+)/,
    minimum: [1, 1],
    purpose: "to make the local test CA's keys",
    install: 'apt-get install openssl',
    debian: 'openssl',
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

const found = (name: ToolName) => !spawnSync(TOOLS[name].command, TOOLS[name].args).error;

/** Installs the missing tools that Debian packages (as root; otherwise the message says the command), then checks them all. */
export async function provideTools(settings: EngineSettings, names: ToolName[]): Promise<void> {
  const packages = names.flatMap((name) => {
    const tool: ToolSpec = TOOLS[name];
    return !found(name) && tool.debian ? [tool.debian] : [];
  });
  await installDebianPackages(settings, packages, `needed ${names.map((name) => TOOLS[name].purpose).join(', ')}`);
  for (const name of names) requireTool(name);
}

/** Fails with a message naming the tool, what it is for and how to get it. */
export function requireTool(name: ToolName): void {
  const tool: ToolSpec = TOOLS[name];
  const result = spawnSync(tool.command, tool.args, {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  const needs = `${name} ${tool.minimum.join('.')}+ is needed ${tool.purpose}`;
  if (result.error) {
    throw new MissingToolError(`Missing tool: '${name}' was not found on PATH. ${needs}: ${tool.install}.`);
  }
  const match = tool.version.exec(`${result.stdout}\n${result.stderr}`);
  const found = match ? match.slice(1).filter(Boolean).map(Number) : [];
  if (!match || !atLeast(found, tool.minimum)) {
    throw new MissingToolError(
      `Tool too old: found ${name} ${found.join('.') || '(unknown version)'}. ${needs}: ${tool.install}.`,
    );
  }
}
