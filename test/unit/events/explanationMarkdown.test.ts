import * as assert from 'node:assert/strict';
import { parseAssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import { explainAssumeRoleFailure } from '../../../server/src/engine/trustEvaluation';
import { explanationToMarkdown } from '../../../client/src/events/explanationMarkdown';
import { fixture } from '../../support/cloudtrailFixtures';

const mallory = parseAssumeRoleEvent(fixture('failure-access-denied.json')); // user/mallory, ExternalId "guess"

describe('explanationToMarkdown', () => {
  it('renders the record, the answer and each statement', () => {
    const lambdaOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    });
    const md = explanationToMarkdown(explainAssumeRoleFailure(lambdaOnly, mallory), mallory);
    assert.match(md, /^# Why AssumeRole failed/);
    assert.match(md, /ExternalId: guess/);
    assert.match(md, /### 1\. \(Allow\): applies no/);
  });
});
