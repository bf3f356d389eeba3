import { homepage, version } from '../../../package.json';

/** Where the project's files are published; rule pages live under docs/rules/ there. */
const REPOSITORY = homepage.replace(/#.*$/, '');

export const PRODUCT_VERSION: string = version;

/** The public page of a rule (used by SARIF and by diagnostics when no local copy is installed). */
export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY}/blob/main/docs/rules/${ruleId}.md`;
}

export const PRODUCT_URL = REPOSITORY;
