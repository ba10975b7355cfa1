// FlowService: the engine over HTTP/JSON (Hummingbird 2), for channel adapters, agents,
// QA and auditors; `flowmap serve` runs it. See docs/service.md.
//
//   ServiceHost.swift    opens the library, the durable store, the key store and the engine
//   ServiceApp.swift     the router and the Hummingbird application; runs the engine's timers
//   API/                 request and response bodies (Codable), JSON values, errors
//   Door/                admission by key (KeyStore.admit), reading bodies, PII masking
//   Routes/              sessions, contact points, operations (/health, /ready)
