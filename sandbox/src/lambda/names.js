'use strict';
// Function names, ARNs and qualifiers as Lambda accepts them: a name, a partial ARN
// (`123456789012:function:name`) or a full ARN, each optionally followed by `:qualifier`.

const { notFound, invalid, validation } = require('./errors');

const NAME = '[a-zA-Z0-9_-]{1,64}';
const QUALIFIER = '(?:\\$LATEST|[a-zA-Z0-9_-]{1,128})';
const FULL = new RegExp(`^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\\d):(\\d{12}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PARTIAL = new RegExp(`^(\\d{12}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PLAIN = new RegExp(`^(${NAME})(?::(${QUALIFIER}))?$`);

/** LastModified as Lambda writes it: 2025-09-17T02:42:00.000+0000. */
function lambdaTimestamp(date = new Date()) {
  return date.toISOString().replace('Z', '+0000');
}

function makeArns(region, accountId) {
  const base = (name) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return {
    function: base,
    qualified: (name, qualifier) => `${base(name)}:${qualifier}`,
    /** Splits what a caller passed as FunctionName; throws ResourceNotFound for another account or region. */
    parse(raw, qualifierParam) {
      let name; let qualifier; let m;
      if ((m = FULL.exec(raw))) {
        if (m[1] !== region || m[2] !== accountId) throw notFound('Function', raw);
        [name, qualifier] = [m[3], m[4]];
      } else if ((m = PARTIAL.exec(raw))) {
        if (m[1] !== accountId) throw notFound('Function', raw);
        [name, qualifier] = [m[2], m[3]];
      } else if ((m = PLAIN.exec(raw))) {
        [name, qualifier] = [m[1], m[2]];
      } else {
        throw validation(raw, 'functionName',
          'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?');
      }
      if (qualifierParam !== undefined && qualifierParam !== null && qualifierParam !== '') {
        if (qualifier !== undefined && qualifier !== qualifierParam) {
          throw invalid('The derived qualifier from the function name does not match the specified qualifier.');
        }
        qualifier = qualifierParam;
      }
      return { name, qualifier };
    },
  };
}

module.exports = { makeArns, lambdaTimestamp, NAME_PATTERN: new RegExp(`^${NAME}$`) };
