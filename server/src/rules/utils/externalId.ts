import { requireStringEquals } from '../../engine/conditionSnippet';
import { StatementModel } from '../../engine/model';
import { FixEdit, TextFormat } from '../../engine/rule';

/** The placeholder the ExternalId snippet offers; the user types the value agreed with the third party. */
export const EXTERNAL_ID_PLACEHOLDER = 'external-id-agreed-with-the-third-party';

/** A snippet edit requiring `sts:ExternalId` (StringEquals), its value a placeholder to type over. */
export function requireExternalId(text: string, statement: StatementModel, format: TextFormat): FixEdit | undefined {
  return requireStringEquals(text, statement, format, 'sts:ExternalId', EXTERNAL_ID_PLACEHOLDER);
}
