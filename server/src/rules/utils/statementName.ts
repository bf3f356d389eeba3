import { StatementModel } from '../../engine/model';

/** How a message names a statement: by its Sid, else by its place (1-based). */
export function statementName(statement: StatementModel): string {
  return statement.sid ? `statement "${statement.sid.value}"` : `statement ${statement.index + 1}`;
}
