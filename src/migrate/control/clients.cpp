#include "migrate/control/clients.h"

#include "aws/curl_transport.h"

namespace ddbmv::migrate {

Clients make_clients(const aws::ResolvedConfig& config, const ClientOptions& options) {
  auto transport = std::make_shared<aws::CurlTransport>(
      aws::CurlTransportOptions{.max_connections = options.max_connections});
  auto clock = std::make_shared<SystemClock>();
  auto client = [&](aws::Service service, std::string signing_name, std::string label,
                    std::string target_prefix) {
    aws::ServiceEndpoint endpoint{std::move(signing_name), std::move(label), std::move(target_prefix),
                                  config.region, config.endpoint(service)};
    return aws::ServiceClient(std::move(endpoint), transport, config.credentials, clock, options.retry,
                              options.debug_log);
  };
  return Clients{
      dynamodb::Client(client(aws::Service::kDynamoDb, "dynamodb", "dynamodb", "DynamoDB_20120810")),
      dynamodb::StreamsClient(
          client(aws::Service::kDynamoDbStreams, "dynamodb", "streams.dynamodb", "DynamoDBStreams_20120810")),
      lambda::Client(client(aws::Service::kLambda, "lambda", "lambda", "")),
  };
}

}  // namespace ddbmv::migrate
