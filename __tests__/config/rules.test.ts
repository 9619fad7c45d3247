import * as rules from "../../config/rules";

// The shapes a topology's identifiers must have. Too loose, and a typo reaches AWS as a failed apply
// half way through; too strict, and a legal estate (a GovCloud account, an 8-digit legacy id, a role
// path) cannot be described. Each table names both sides of every limit.
const shapes: ReadonlyArray<[name: string, pattern: RegExp, legal: string[], illegal: string[]]> = [
  ["ACCOUNT_ID", rules.ACCOUNT_ID, ["123456789012", "000000000000"], ["12345678901", "1234567890123", "12345678901a", " 123456789012"]],
  ["REGION", rules.REGION,
    ["us-east-1", "eu-central-2", "ap-southeast-10", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "cn-north-1", "il-central-1"],
    ["us-east", "useast-1", "US-EAST-1", "us-east-123", "u-east-1", "us-gove-west-1", "us-east-1 ", "us--1", "us-isoab-east-1"]],
  ["VPC_ID", rules.VPC_ID, ["vpc-1234abcd", "vpc-0123456789abcdef0"],
    ["vpc-1234abc", "vpc-1234abcde", "vpc-0123456789ABCDEF0", "vpc-0123456789abcdef01", "vpc-", "xvpc-1234abcd", "vpc-1234abcdx"]],
  ["SUBNET_ID", rules.SUBNET_ID, ["subnet-1234abcd", "subnet-0123456789abcdef0"], ["subnet-1234abc", "subnet-0123456789abcdef", "vpc-1234abcd", "subnet-1234abcd ", "xsubnet-1234abcd"]],
  ["SECURITY_GROUP_ID", rules.SECURITY_GROUP_ID, ["sg-1234abcd", "sg-0123456789abcdef0"], ["sg-1234abc", "sg-0123456789abcdef0a", "sg-1234ABCD", "x-sg-1234abcd"]],
  ["HOSTED_ZONE_ID", rules.HOSTED_ZONE_ID, ["Z1", "Z0123456789ABCDEFGHIJ", `Z${"A".repeat(31)}`], ["Z", "z123", "Z12-3", `Z${"A".repeat(32)}`, "XZ123", "Z123 "]],
  ["KMS_KEY_ARN", rules.KMS_KEY_ARN,
    ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:alias/logs/app_1",
      "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1", "arn:aws-cn:kms:cn-north-1:123456789012:key/x",
      "arn:aws-iso:kms:us-iso-east-1:123456789012:key/x", "arn:aws-isob:kms:us-isob-east-1:123456789012:key/x"],
    ["arn:aws:kms:us-east-1:12345678901:key/x", "arn:aws:kms:us-east-1:123456789012:keys/x", "arn:aws:kms:us-east-1:123456789012:key/",
      "arn:aws:s3:us-east-1:123456789012:key/x", "arn:aws:kms::123456789012:key/x", "arn:aws:kms:us-east-1:123456789012:key/a b", "arn:awsx:kms:us-east-1:123456789012:key/x", "xarn:aws:kms:us-east-1:123456789012:key/x"]],
  ["ROLE_ARN", rules.ROLE_ARN,
    ["arn:aws:iam::123456789012:role/deploy", "arn:aws:iam::123456789012:role/ci/team/deploy", "arn:aws-cn:iam::123456789012:role/x",
      "arn:aws-isob:iam::123456789012:role/x", "arn:aws-iso:iam::123456789012:role/x", `arn:aws:iam::123456789012:role/${"r".repeat(64)}`, "arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h"],
    ["arn:aws:iam::123456789012:user/deploy", "arn:aws:iam:us-east-1:123456789012:role/x", "arn:aws:iam::123456789012:role/",
      `arn:aws:iam::123456789012:role/${"r".repeat(65)}`, "arn:aws:iam::123456789012:role/a b", "arn:aws:iam::1234567890:role/x", "arn:aws:iam::123456789012:role/ci/", "xarn:aws:iam::123456789012:role/x"]],
  ["TOPOLOGY_NAME", rules.TOPOLOGY_NAME, ["abc", "a".repeat(24), "acme-1"], ["ab", "a".repeat(25), "Acme", "acme_1", "acme.x"]],
  ["ITEM_NAME", rules.ITEM_NAME, ["ab", "a".repeat(20), "snowflake-2"], ["a", "a".repeat(21), "Snow", "snow_flake"]],
  ["S3_BUCKET", rules.S3_BUCKET,
    ["abc", "my-bucket", "a.b.c", "a".repeat(63), "1bucket", "xn-bucket", "sthree", "bucket-s3"],
    ["ab", "a".repeat(64), "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3", "bucket--x-s3", "a..b", "-abc", "abc-", ".abc", "ABC", "a_b"]],
  ["TFC_WORKSPACE_PREFIX", rules.TFC_WORKSPACE_PREFIX, ["a", "Acme_prod-1", "a".repeat(60)], ["", "a".repeat(61), "acme prod", "acme.prod"]],
  ["TFC_ORGANIZATION", rules.TFC_ORGANIZATION, ["a", "Acme_Corp-1", "a".repeat(40)], ["", "a".repeat(41), "acme corp", "acme/corp"]],
  ["IAM_PRINCIPAL_ARN", rules.IAM_PRINCIPAL_ARN,
    ["arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:role/path/ci", "arn:aws-us-gov:iam::123456789012:user/x",
      "arn:aws-iso:iam::123456789012:role/x", "arn:aws-isob:iam::123456789012:user/x"],
    ["arn:aws:iam::123456789012:group/admins", "arn:aws:iam::123456789012:root", "arn:aws:sts::123456789012:assumed-role/ci/session", "arn:aws:iam::123456789012:user/", "xarn:aws:iam::123456789012:role/x",
      "arn:aws:iam::123456789012:role/ci runner"]],
  ["IAM_POLICY_ARN", rules.IAM_POLICY_ARN,
    ["arn:aws:iam::123456789012:policy/boundary", "arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/service-role/AWSLambdaRole", `arn:aws:iam::123456789012:policy/${"p".repeat(128)}`,
      "arn:aws-iso:iam::aws:policy/x", "arn:aws-isob:iam::123456789012:policy/x"],
    ["arn:aws:iam::12345678901:policy/x", "arn:aws:iam::amazon:policy/x", "arn:aws:iam::123456789012:role/x", `arn:aws:iam::123456789012:policy/${"p".repeat(129)}`, "arn:aws:iam::aws:policy/", "xarn:aws:iam::aws:policy/x"]],
  ["OIDC_PROVIDER_ARN", rules.OIDC_PROVIDER_ARN,
    ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "arn:aws:iam::123456789012:oidc-provider/app.terraform.io", "arn:aws-cn:iam::123456789012:oidc-provider/tfe.example-1.cn",
      "arn:aws-iso:iam::123456789012:oidc-provider/app.terraform.io", "arn:aws-isob:iam::123456789012:oidc-provider/app.terraform.io"],
    ["arn:aws:iam::123456789012:oidc-provider/", "arn:aws:iam::123456789012:oidc-provider/App.Terraform.io", "arn:aws:iam::123456789012:saml-provider/okta", "arn:aws:iam::123456789012:oidc-provider/a b", "xarn:aws:iam::123456789012:oidc-provider/app.terraform.io"]],
  ["EXTERNAL_ID", rules.EXTERNAL_ID, ["ab", "a".repeat(1224), "tenant=1,team@x.y:z/w+v-u_t"], ["a", "a".repeat(1225), "a b", "a#b", ""]],
  ["GITHUB_REPOSITORY", rules.GITHUB_REPOSITORY,
    ["octo-org/repo.name_1", "o/r", `${"o".repeat(39)}/r`, `octo/${"r".repeat(100)}`, "a-b-c/r"],
    [`${"o".repeat(40)}/r`, `octo/${"r".repeat(101)}`, "-octo/r", "octo-/r", "oc--to/r", "octo/", "octo/a/b", "/r", "octo_org/r", "octo/r r"]],
  ["TFC_PROJECT", rules.TFC_PROJECT, ["Default Project", "abc", "a_b-c", "a".repeat(40)], ["ab", "a".repeat(41), " abc", "abc ", "a.bc", "a/bc"]],
];

describe.each(shapes)("%s", (_name, pattern, legal, illegal) => {
  test.each(legal)("accepts %j", (value) => {
    expect(value).toMatch(pattern);
  });
  test.each(illegal)("refuses %j", (value) => {
    expect(value).not.toMatch(pattern);
  });
});

describe("endpointServicePattern: an endpoint service of the topology's Region", () => {
  const pattern = rules.endpointServicePattern("us-east-1");
  test.each([
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123abcd",
    "com.amazonaws.us-east-1.s3",
    "com.amazonaws.us-east-1.ecr.dkr",
    "com.amazonaws.us-east-1.9x",
  ])("accepts %s", (name) => {
    expect(name).toMatch(pattern);
  });
  test.each([
    "com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0", // another Region
    "com.amazonaws.us-west-2.s3",
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef", // 16 hex digits
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123abc",
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789ABCDEF0",
    "com.amazonaws.us-east-1.",
    "com.amazonaws.us-east-1.-s3",
    "com.amazonaws.us-east-1.S3",
    "xcom.amazonaws.us-east-1.s3",
    "com.amazonaws.us-east-1.s3 ",
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0x",
  ])("refuses %s", (name) => {
    expect(name).not.toMatch(pattern);
  });
  test("the Region is matched literally, not as a pattern", () => {
    expect("com.amazonaws.usXeast-1.s3").not.toMatch(rules.endpointServicePattern("us.east-1"));
    expect("com.amazonaws.us.east-1.s3").toMatch(rules.endpointServicePattern("us.east-1"));
  });
});

describe("tags: AWS's tag restrictions", () => {
  const wide = "𝒜"; // one letter, two UTF-16 code units: AWS counts characters.
  test.each([
    ["", "is 0 characters; AWS allows 1–128"],
    ["k".repeat(129), "is 129 characters; AWS allows 1–128"],
    ["aws:cost", 'starts with "aws:" (in any case), which AWS reserves for its own tags'],
    ["AWS:cost", 'starts with "aws:" (in any case), which AWS reserves for its own tags'],
    ["ManagedBy", "is set by lattice-endpoints itself on the resources it manages; choose another key"],
    ["Name", "is set by lattice-endpoints itself on the resources it manages; choose another key"],
    ["cost#center", "has a character AWS does not allow in tags (letters, digits, spaces and _ . : / = + - @)"],
  ])("key %j %s", (key, problem) => {
    expect(rules.tagKeyProblem(key)).toBe(problem);
  });
  test.each(["k", "k".repeat(128), wide.repeat(128), "Kostenstelle ä_1.2:3/4=5+6-7@8", "name", "xaws:y"])("key %j is legal", (key) => {
    expect(rules.tagKeyProblem(key)).toBeUndefined();
  });
  test.each([
    ["v".repeat(257), "is 257 characters; AWS allows at most 256"],
    ["Aws:x", 'starts with "aws:" (in any case), which AWS reserves'],
    ["a;b", "has a character AWS does not allow in tags (letters, digits, spaces and _ . : / = + - @)"],
  ])("value %j %s", (value, problem) => {
    expect(rules.tagValueProblem(value)).toBe(problem);
  });
  test.each(["", "v".repeat(256), wide.repeat(256), "lattice-endpoints", "team a/b", "xaws:y"])("value %j is legal", (value) => {
    expect(rules.tagValueProblem(value)).toBeUndefined();
  });
});
