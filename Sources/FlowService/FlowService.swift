// FlowService: the engine over HTTP/JSON (Hummingbird 2), for channel adapters, agents,
// QA and auditors; `flowmap serve` runs it. See docs/service.md; every route is in
// Schemas/flowmap-api.yaml.
//
//   ServiceHost.swift    opens the library, the durable store, the key store and the engine;
//                        publishes new versions to the engine and the routes at once
//   ServiceApp.swift     the router, the middleware and the service group (server, timers, drain)
//   StepBroadcast.swift  every durable step, fanned out to the streams and the metrics
//   FlowPublisher.swift  lint and publish a flow sent by a designer
//   API/                 request and response bodies (Codable), JSON values, errors
//   Door/                admission by key (KeyStore.admit), reading bodies, PII masking
//   Routes/              sessions, stream, contact points and flows, designer, audit, QA,
//                        admin, operations (/health, /ready, /metrics)
//   Audit/               the audit over a read-only connection, off the event path; exports streamed
//   Operations/          configuration (serve.yaml + FLOWMAP_*), metrics, request logs, shutdown
//   Adapters/            the reference adapters' shared parts: the API client, web chat, SMS
