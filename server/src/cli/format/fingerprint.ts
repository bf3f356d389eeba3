import { PolicyDocument } from '../../engine/model';
import { Finding } from '../../engine/rule';

type Crypto = typeof import('node:crypto');
let cryptoModule: Crypto | undefined;
// Loaded by the first SARIF report: node's crypto costs every other run of iamlp a few milliseconds.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = (): Crypto => (cryptoModule ??= require('node:crypto') as Crypto);

/**
 * What identifies a finding across commits, for code scanning to follow one alert as the file
 * changes around it: the rule, the file, the statement (its Sid, else its position among the
 * statements) and the flagged text with its white space collapsed. Not the line: a statement added
 * above must not turn every alert below into a new one.
 */
export function findingIdentity(file: string, finding: Finding, document: PolicyDocument | undefined): string {
  if (!document) return [finding.rule, file, finding.message].join('\0');
  const statement = document.statements.find((s) => s.node.offset <= finding.offset && finding.offset < s.node.offset + s.node.length);
  const where = statement ? (statement.sid ? `sid:${statement.sid.value}` : `statement:${statement.index}`) : 'document';
  const flagged = document.text
    .slice(finding.offset, finding.offset + finding.length)
    .replace(/\s+/g, ' ')
    .trim();
  return [finding.rule, file, where, flagged].join('\0');
}

/**
 * SARIF partialFingerprints for the findings of one file: a hash of each finding's identity, with
 * an occurrence number when two findings share one (the same text flagged twice in a statement).
 */
export function fingerprints(file: string, findings: readonly Finding[], document: PolicyDocument | undefined): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = crypto()
      .createHash('sha256')
      .update(findingIdentity(file, finding, document))
      .digest('hex')
      .slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}
