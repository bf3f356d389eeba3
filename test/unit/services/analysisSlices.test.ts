/**
 * The language server's analysis in slices (services/analysisCache.ts analyzeFileInSlices): the
 * same findings as the whole analysis, a pause after the file is read, a hover between slices that
 * reads the parse the analysis made, and a run dropped (nothing cached) when it goes stale.
 */
import * as assert from 'node:assert/strict';
import { PAUSE_BETWEEN_RULES_FROM, analyzeWithRules, analyzeWithRulesInSteps } from '../../../server/src/engine/analyze';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { allRules } from '../../../server/src/rules';
import { analyzeFileInSlices, cachedFileAnalysis, lastAnalysedTemplate } from '../../../server/src/services/analysisCache';
import { hover } from '../../../server/src/services/hover';
import { templateDocuments } from '../../../server/src/services/parseCache';
import { policy } from '../../support/policyText';
import { terraformRoles } from '../../support/templateText';
import { forgetTerraformFile, loadTerraformParser } from '../../../server/src/iac/terraform/terraform';
import { slicedReadHeld } from '../../../server/src/iac/terraform/slicedParse';

/** A CloudFormation YAML stack of `roles` roles, each with an inline policy granting iam:PassRole on "*". */
function stack(roles: number, marker = ''): string {
  const parts = [`AWSTemplateFormatVersion: "2010-09-09"\nDescription: slices${marker}\nResources:\n`];
  for (let i = 0; i < roles; i++) {
    parts.push(`  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p${i}
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, iam:PassRole]
                Resource: "*"
`);
  }
  return parts.join('');
}

const signature = (findings: ReadonlyArray<{ rule: string; offset: number; length: number }>) =>
  findings.map((f) => `${f.rule}@${f.offset}+${f.length}`);

describe('analysis in slices (the language server)', () => {
  it('gives the findings of the whole analysis, pausing first right after the template is read', async () => {
    const text = stack(40, 'same');
    let pauses = 0;
    let policiesReadAtFirstPause: number | undefined;
    const analysis = await analyzeFileInSlices(
      text,
      'slices-same.yaml',
      {},
      () => true,
      async () => {
        pauses++;
        // At the first pause the file is read and nothing is analysed yet: no finished analysis is cached.
        if (pauses === 1) policiesReadAtFirstPause = templateDocuments(text, 'slices-same.yaml')?.length;
      },
    );
    assert.ok(analysis);
    assert.ok(pauses >= 1, 'it gave the event loop a turn');
    assert.equal(policiesReadAtFirstPause, 80, 'the template was read before the first pause');
    assert.deepEqual(signature(analysis.findings), signature(analyzeFile(text, 'slices-same.yaml').findings));
    assert.ok(analysis.findings.length >= 40);
  });

  it('a hover between slices reads the template the analysis parsed, and finds its action', async () => {
    const text = stack(30, 'hover');
    const offset = text.lastIndexOf('iam:PassRole') + 5;
    let answer: ReturnType<typeof hover> | undefined;
    const analysis = await analyzeFileInSlices(
      text,
      'slices-hover.yaml',
      {},
      () => true,
      async () => {
        if (answer !== undefined) return;
        answer = hover(text, offset, { fileName: 'slices-hover.yaml' });
      },
    );
    assert.match(answer?.markdown ?? '', /PassRole/);
    // The policy trees the hover read are the analysis's own: the file was parsed once.
    const roots = new Set(analysis!.policies.map((p) => p.host!.variants[0]));
    const hovered = templateDocuments(text, 'slices-hover.yaml')!;
    assert.ok(hovered.every((d) => roots.has(d.doc.root!)));
  });

  describe('a large .tf read for the first time', function () {
    this.timeout(60000);
    before(async () => {
      await loadTerraformParser();
    });

    it('pauses during the read; a hover at the first pause reads the block under the cursor and finds its action', async () => {
      const text = terraformRoles(400, '# slices hover\n');
      const fileName = 'slices-hover.tf';
      assert.ok(text.length > 100_000);
      const offset = text.lastIndexOf('iam:PassRole') + 5;
      let pauses = 0;
      let pausesBeforeRead: number | undefined;
      let answer: ReturnType<typeof hover> | undefined;
      const analysis = await analyzeFileInSlices(
        text,
        fileName,
        {},
        () => true,
        async () => {
          pauses++;
          if (pauses === 1) {
            answer = hover(text, offset, { fileName });
            assert.equal(slicedReadHeld(), true, 'the hover came while the read was paused');
          }
          // The read ends when its tree is kept and the lease released.
          if (pausesBeforeRead === undefined && !slicedReadHeld()) pausesBeforeRead = pauses - 1;
        },
      );
      assert.match(answer?.markdown ?? '', /PassRole/);
      assert.ok((pausesBeforeRead ?? 0) >= 3, `${pausesBeforeRead} pauses during the read`);
      forgetTerraformFile(fileName);
      assert.deepEqual(signature(analysis!.findings), signature(analyzeFile(text, 'slices-hover-whole.tf').findings));
      assert.ok(analysis!.findings.length >= 400);
      forgetTerraformFile('slices-hover-whole.tf');
    });

    it('a code lens between slices reads the whole file itself; the analysis takes that read and is the same', async () => {
      const text = terraformRoles(300, '# slices lens\n');
      const fileName = 'slices-lens.tf';
      let read: ReturnType<typeof templateDocuments>;
      const analysis = await analyzeFileInSlices(
        text,
        fileName,
        {},
        () => true,
        async () => {
          // No offset: every policy, so the whole file, read on the shared parser beside the paused one.
          read ??= templateDocuments(text, fileName);
        },
      );
      assert.equal(read?.length, 600);
      assert.equal(slicedReadHeld(), false, 'the paused read was dropped and freed');
      assert.deepEqual(signature(analysis!.findings), signature(analyzeFile(text, 'slices-lens-whole.tf').findings));
      for (const name of [fileName, 'slices-lens-whole.tf']) forgetTerraformFile(name);
    });

    it('a run that goes stale mid-read frees the paused read at once', async () => {
      const text = terraformRoles(300, '# slices stale\n');
      let current = true;
      const analysis = await analyzeFileInSlices(
        text,
        'slices-stale.tf',
        {},
        () => current,
        async () => {
          current = false;
        },
      );
      assert.equal(analysis, undefined);
      assert.equal(slicedReadHeld(), false);
      forgetTerraformFile('slices-stale.tf');
    });
  });

  it('a run that goes stale at a pause is dropped, and caches nothing', async () => {
    const text = stack(20, 'stale');
    let current = true;
    const analysis = await analyzeFileInSlices(
      text,
      'slices-stale.yaml',
      {},
      () => current,
      async () => {
        current = false;
      },
    );
    assert.equal(analysis, undefined);
    assert.equal(lastAnalysedTemplate(text, 'slices-stale.yaml'), undefined, 'no analysis of the stale version was kept');
    // A later run of the same version analyses it whole.
    assert.ok(cachedFileAnalysis(text, 'slices-stale.yaml', {}).findings.length >= 20);
  });

  it('a whole analysis made between slices (a code action needs findings at once) is taken, not made again', async () => {
    const text = stack(20, 'codeAction');
    let whole: ReturnType<typeof cachedFileAnalysis> | undefined;
    const analysis = await analyzeFileInSlices(
      text,
      'slices-action.yaml',
      {},
      () => true,
      async () => {
        whole ??= cachedFileAnalysis(text, 'slices-action.yaml', {});
      },
    );
    assert.ok(whole);
    assert.equal(analysis, whole);
  });

  /** Statements enough for a policy of PAUSE_BETWEEN_RULES_FROM characters or more. */
  const large = (first: Record<string, unknown>) => {
    const statements: unknown[] = [first];
    while (policy(statements).length < PAUSE_BETWEEN_RULES_FROM)
      statements.push({
        Sid: `Read${statements.length}`,
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::b-${statements.length}/*`,
      });
    return policy(statements);
  };

  it('a large policy file pauses after its parse and between rules, with the findings of analyzePolicy', async () => {
    // A text of its own: another test's analysis of the same text would be reused, without pauses.
    const text = large({ Sid: 'SlicedPolicyFile', Effect: 'Allow', Action: ['iam:CreateUser', 's3:GetObject'], Resource: '*' });
    let pauses = 0;
    const analysis = await analyzeFileInSlices(
      text,
      'slices.policy.json',
      {},
      () => true,
      async () => {
        pauses++;
      },
    );
    assert.ok(pauses >= 1);
    assert.deepEqual(signature(analysis!.findings), signature(analyzeWithRules(allRules, text).findings));
  });

  it('the engine in steps: a large document takes one step a rule that applies, a small one none; the same result', () => {
    const stepsOf = (text: string) => {
      const steps = analyzeWithRulesInSteps(allRules, text);
      let count = 0;
      let step = steps.next();
      while (!step.done) {
        count++;
        step = steps.next();
      }
      assert.deepEqual(signature(step.value.findings), signature(analyzeWithRules(allRules, text).findings));
      return count;
    };
    const count = stepsOf(large({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }));
    assert.ok(count > 5, `${count} steps`);
    assert.ok(count <= allRules.length);
    // Analysed in well under a slice: pausing would cost more than it gives.
    assert.equal(stepsOf(policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }])), 0);
  });
});
