'use strict';
// The AWS managed policies the sandbox's account has (attachable, not editable), with the
// documents AWS publishes for them (default version).

const POLICIES = [
  ['AdministratorAccess', '/', 'v1', 'Provides full access to AWS services and resources.',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  ['AWSLambdaBasicExecutionRole', '/service-role/', 'v1', 'Provides write permissions to CloudWatch Logs.',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] }],
  ['AWSLambdaDynamoDBExecutionRole', '/service-role/', 'v1', 'Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] }],
  ['AmazonDynamoDBReadOnlyAccess', '/', 'v1', 'Provides read only access to Amazon DynamoDB.',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect'], Resource: '*' }] }],
];

/** A fresh Map of ARN -> policy record (usage counts are per account). */
function awsManagedPolicies() {
  const created = '2015-02-06T18:39:46Z';
  return new Map(POLICIES.map(([name, p, version, description, doc]) => {
    const arn = `arn:aws:iam::aws:policy${p}${name}`;
    return [arn, {
      PolicyName: name, PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z]/g, '').padEnd(17, 'X').slice(0, 17)}`, Arn: arn, Path: p,
      DefaultVersionId: version, AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
      Description: description, CreateDate: created, UpdateDate: created, Tags: [], aws: true,
      versions: [{ VersionId: version, Document: JSON.stringify(doc), IsDefaultVersion: true, CreateDate: created }],
    }];
  }));
}

module.exports = { awsManagedPolicies };
