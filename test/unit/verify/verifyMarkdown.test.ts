import * as assert from 'node:assert/strict';
import { formatVerifyMarkdown } from '../../../client/src/verify/verifyMarkdown';
import { SAMPLE_VERIFY_REPORT as report } from '../../support/verifyReport';

describe('verify: the Markdown report', () => {
  it('markdown: verdict first, allowed writes first and in bold, table cells escaped', () => {
    const md = formatVerifyMarkdown(report);
    assert.match(md, /^# Verify Least Privilege\n/);
    assert.match(
      md,
      /Principal: arn:aws:iam::111122223333:role\/Role-IDSentinel-Auditor \(the role of arn:aws:sts::111122223333:assumed-role\/Role-IDSentinel-Auditor\/alice\)/,
    );
    assert.match(md, /no write call was made/);
    assert.match(md, /## ❌ FAIL: 1 IAM write action is allowed: iam:CreateUser\./);
    const rows = md.split('\n').filter((l) => l.startsWith('| `iam:'));
    assert.deepEqual(
      rows.slice(0, 3).map((r) => r.split('|')[1].trim()),
      ['`iam:CreateUser`', '`iam:PassRole`', '`iam:TagUser`'],
    );
    assert.match(rows[0], /\*\*allowed\*\* \| Admin\\\|Policy \|/);
  });
});
