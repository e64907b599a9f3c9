'use strict';
// Lambda's tagging API (2017-03-31): ListTags, TagResource, UntagResource on a function's
// unqualified ARN. `aws:` keys belong to the system (CloudFormation's stack tags, set by a
// scenario): a user can neither set nor remove them.

const { invalid, validation } = require('./errors');
const { systemKeys } = require('../stack-tags');

const MAX_TAGS = 50;

/** Refuses `aws:` keys from a user's request (CreateFunction, TagResource, UntagResource). */
function refuseSystemKeys(keys) {
  const bad = systemKeys(keys);
  if (bad.length) throw invalid(`Tag keys starting with "aws:" are reserved for AWS use: ${bad.join(', ')}`);
}

function functionOf(registry, resource) {
  const { fn, qualifier } = registry.fn(resource);
  if (qualifier) throw invalid('Tags are not supported on function versions or aliases. Specify the ARN of the function without a qualifier.');
  return fn;
}

function listTags(registry, resource) {
  return { Tags: { ...functionOf(registry, resource).tags } };
}

function tagResource(registry, resource, input) {
  if (!input.Tags || typeof input.Tags !== 'object') throw validation('null', 'tags', 'Member must not be null');
  refuseSystemKeys(Object.keys(input.Tags));
  const fn = functionOf(registry, resource);
  const merged = { ...fn.tags, ...input.Tags };
  if (Object.keys(merged).length > MAX_TAGS) throw invalid(`The number of tags exceeds the limit of ${MAX_TAGS}.`);
  fn.tags = merged;
  registry.save();
}

function untagResource(registry, resource, tagKeys) {
  if (!tagKeys.length) throw validation('null', 'tagKeys', 'Member must not be null');
  refuseSystemKeys(tagKeys);
  const fn = functionOf(registry, resource);
  for (const k of tagKeys) delete fn.tags[k];
  registry.save();
}

module.exports = { listTags, tagResource, untagResource, refuseSystemKeys };
