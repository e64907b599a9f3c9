'use strict';
// Lambda's event filter patterns (src/lambda/event-source/filter.js) on DynamoDB event records.

const test = require('node:test');
const assert = require('node:assert/strict');
const { compileFilters } = require('../src/lambda/event-source/filter');

const rec = (image, eventName = 'INSERT') => ({ eventName, dynamodb: { Keys: { pk: { S: 'k' } }, NewImage: image } });
const match = (patterns, r) => compileFilters({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) })(r);

test('exact values, prefix, suffix, equals-ignore-case', () => {
  assert.ok(match([{ eventName: ['INSERT', 'MODIFY'] }], rec({})));
  assert.ok(!match([{ eventName: ['REMOVE'] }], rec({})));
  assert.ok(match([{ dynamodb: { NewImage: { s: { S: [{ prefix: 'ab' }] } } } }], rec({ s: { S: 'abc' } })));
  assert.ok(!match([{ dynamodb: { NewImage: { s: { S: [{ prefix: 'b' }] } } } }], rec({ s: { S: 'abc' } })));
  assert.ok(match([{ dynamodb: { NewImage: { s: { S: [{ suffix: 'bc' }] } } } }], rec({ s: { S: 'abc' } })));
  assert.ok(match([{ dynamodb: { NewImage: { s: { S: [{ 'equals-ignore-case': 'ABC' }] } } } }], rec({ s: { S: 'abc' } })));
});

test('exists true and false, anything-but (values and prefix), numeric ranges and equality on N', () => {
  assert.ok(match([{ dynamodb: { NewImage: { vip: [{ exists: true }] } } }], rec({ vip: { BOOL: true } })));
  assert.ok(!match([{ dynamodb: { NewImage: { vip: [{ exists: true }] } } }], rec({})));
  assert.ok(match([{ dynamodb: { NewImage: { vip: [{ exists: false }] } } }], rec({})));
  assert.ok(!match([{ dynamodb: { NewImage: { vip: [{ exists: false }] } } }], rec({ vip: { BOOL: true } })));
  assert.ok(match([{ dynamodb: { NewImage: { s: { S: [{ 'anything-but': ['x', 'y'] }] } } } }], rec({ s: { S: 'z' } })));
  assert.ok(!match([{ dynamodb: { NewImage: { s: { S: [{ 'anything-but': 'z' }] } } } }], rec({ s: { S: 'z' } })));
  assert.ok(!match([{ dynamodb: { NewImage: { s: { S: [{ 'anything-but': { prefix: 'te' } }] } } } }], rec({ s: { S: 'test' } })));
  assert.ok(match([{ dynamodb: { NewImage: { n: { N: [{ numeric: ['>=', 10, '<', 20] }] } } } }], rec({ n: { N: '10' } })));
  assert.ok(!match([{ dynamodb: { NewImage: { n: { N: [{ numeric: ['>=', 10, '<', 20] }] } } } }], rec({ n: { N: '20' } })));
  assert.ok(match([{ dynamodb: { NewImage: { n: { N: [{ numeric: ['=', 1.5] }] } } } }], rec({ n: { N: '1.50' } })));
  assert.ok(!match([{ dynamodb: { NewImage: { n: { N: [{ numeric: ['>', 0] }] } } } }], rec({ n: { S: 'a' } })));
});

test('filters OR together, keys of a pattern AND; no filters pass everything; a malformed pattern is refused', () => {
  const p = [{ eventName: ['INSERT'], dynamodb: { NewImage: { s: { S: ['a'] } } } }, { eventName: ['REMOVE'] }];
  assert.ok(match(p, rec({ s: { S: 'a' } })));
  assert.ok(!match(p, rec({ s: { S: 'b' } })));
  assert.ok(match(p, rec({}, 'REMOVE')));
  assert.ok(compileFilters(undefined)(rec({})));
  assert.throws(() => compileFilters({ Filters: [{ Pattern: '{nope' }] }), (e) => e.code === 'InvalidParameterValueException');
  assert.throws(() => compileFilters({ Filters: [{ Pattern: '{"a":[{"bogus":1}]}' }] }), (e) => e.code === 'InvalidParameterValueException');
});
