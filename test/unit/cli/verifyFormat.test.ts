import * as assert from 'node:assert/strict';
import { formatVerifyTable, verifyReportJson } from '../../../server/src/cli/format/verifyReport';
import { SAMPLE_VERIFY_REPORT as report } from '../../support/verifyReport';

describe('iamlp verify: table and JSON', () => {
  it('table: hides explicitly denied writes unless --all; json lists every action', () => {
    const table = formatVerifyTable(report);
    assert.ok(!table.includes('iam:TagUser'));
    assert.match(table, /\(1 explicitly denied IAM writes not listed; --all lists them\)/);
    assert.match(formatVerifyTable(report, { all: true }), /iam:TagUser\s+write\s+explicitly denied\s+ReadOnly/);
    const json = verifyReportJson(report) as { ok: boolean; actions: Array<{ missingContextValues?: string[] }> };
    assert.equal(json.ok, false);
    assert.equal(json.actions.length, 4);
    assert.deepEqual(json.actions[1].missingContextValues, ['aws:MultiFactorAuthPresent']);
    assert.equal(json.actions[0].missingContextValues, undefined);
  });
});
