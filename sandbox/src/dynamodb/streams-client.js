'use strict';
// DynamoDB Streams for the sandbox's own readers (event source mappings): calls DynamoDB Local
// directly, with the sandbox's stream ARNs mapped to Local's on the way in. Answers are Local's
// as they are (iterators go back to Local unchanged; records are never rewritten).

/** ctx: { local, arns }. Returns { call(operation, input) } throwing DynamoError with `.code`. */
function createStreamsClient(ctx) {
  return {
    call: (operation, input) => ctx.local.call(operation, JSON.parse(ctx.arns.toLocal(JSON.stringify(input))), 'DynamoDBStreams_20120810'),
  };
}

module.exports = { createStreamsClient };
