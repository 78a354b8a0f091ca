/**
 * The s3ts plugin through the kit's local runner, against a real S3 server:
 * its output and the plugin's stderr never show a credential, whether the
 * server accepts it or refuses it.
 */
import assert from "node:assert/strict";
import { startVersitygw } from "../../toolchain/versitygw.ts";

const KIT = new URL("../../", import.meta.url).pathname;

async function runner(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${KIT}cli/runner/main.ts`, ...args],
    cwd: KIT,
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("the runner's output holds no secret, right or wrong", async () => {
  await using s3 = await startVersitygw();
  const base = [
    "--manifest",
    "connectors/s3/plugin.yaml",
    "-o",
    `access_key=${s3.accessKey}`,
    "-o",
    "use_tls=false",
  ];
  const location = `s3ts://${s3.host}/runner-bucket/repo`;
  const wrong = "wrong-secret-value-42";
  const refused = await runner([
    ...base,
    "-o",
    `secret_access_key=${wrong}`,
    "store",
    location,
    "create",
  ]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.text, /refused the credentials/);
  const created = await runner([
    ...base,
    "-o",
    `secret_access_key=${s3.secretKey}`,
    "store",
    location,
    "create",
  ]);
  assert.equal(created.code, 0, created.text);
  assert.match(created.text, /created s3ts:\/\//);
  for (const text of [refused.text, created.text]) {
    for (const secret of [wrong, s3.secretKey, s3.accessKey]) {
      assert.ok(!text.includes(secret), `${secret} shown in:\n${text}`);
    }
  }
});
