#pragma once
/// The three service clients a migration uses, built once from the resolved configuration.

#include "aws/config.h"
#include "aws/retry.h"
#include "aws/service_client.h"
#include "dynamodb/client.h"
#include "dynamodb/streams_client.h"
#include "lambda/client.h"

namespace ddbmv::migrate {

struct Clients {
  dynamodb::Client dynamodb;
  dynamodb::StreamsClient streams;
  lambda::Client lambda;
};

struct ClientOptions {
  aws::RetryPolicy retry;
  aws::DebugLog debug_log;  ///< empty unless --debug
  int max_connections = 64;
};

/// Builds the clients over one shared libcurl transport (keep-alive connections reused across calls
/// and threads) and the config's credentials provider.
Clients make_clients(const aws::ResolvedConfig& config, const ClientOptions& options);

}  // namespace ddbmv::migrate
