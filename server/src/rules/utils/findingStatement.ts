import { PolicyDocument, StatementModel } from '../../engine/model';
import { Finding } from '../../engine/rule';

/** The statement a finding is about, for rules whose findings carry its index in `data.statement`. */
export function findingStatement(finding: Finding, doc: PolicyDocument): StatementModel | undefined {
  const index = finding.data?.statement;
  return typeof index === 'number' ? doc.statements[index] : undefined;
}
