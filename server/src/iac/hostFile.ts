import { readCloudFormation } from './cloudformation/template';
import { hostFormatOf } from './detect';
import type { HostFormat, HostParse } from './hostPolicy';

/**
 * A reader of one Terraform format, registered by iac/terraform once its parser is loaded (the
 * HCL grammar is WebAssembly, loaded asynchronously and only when a Terraform file is seen).
 */
export type HostReader = (text: string, fileName: string) => HostParse;
const readers = new Map<HostFormat, HostReader>();

export function registerHostReader(format: HostFormat, reader: HostReader): void {
  readers.set(format, reader);
}

export type HostFileRead =
  { kind: 'policy-file' } | { kind: 'template'; parse: HostParse } | { kind: 'reader-not-loaded'; format: HostFormat };

/**
 * What a file holds: a standalone policy (or nothing of ours), or a template with its policies.
 * Never throws: a template its parser cannot read is a HostParse with errors.
 */
export function readHostFile(text: string, fileName: string): HostFileRead {
  const format = hostFormatOf(fileName, text);
  if (!format) return { kind: 'policy-file' };
  try {
    if (format === 'cloudformation-json') return { kind: 'template', parse: readCloudFormation(text, 'json') };
    if (format === 'cloudformation-yaml') return { kind: 'template', parse: readCloudFormation(text, 'yaml') };
    const reader = readers.get(format);
    if (!reader) return { kind: 'reader-not-loaded', format };
    return { kind: 'template', parse: reader(text, fileName) };
  } catch (err) {
    const message = `${format} reader failed: ${err instanceof Error ? err.message : String(err)}`;
    return { kind: 'template', parse: { format, policies: [], errors: [{ message, offset: 0, length: 0 }], referencedFiles: [] } };
  }
}
