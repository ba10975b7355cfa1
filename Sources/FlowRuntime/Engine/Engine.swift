import FlowExpression
import FlowModel
import Foundation

/// Runs sessions for live contacts: the pure step, made durable.
///
/// ```swift
/// let engine = Engine(library: programs, flowMap: map, store: store, clock: SystemClock())
/// let started = try await engine.start(StartRequest(business: "bill-inquiry", channel: "ivr",
///                                                   brand: "gotone", environment: "own-network",
///                                                   customer: "13800138000"))
/// let next = try await engine.send(.input("1"), to: started.session, eventID: "dtmf-0001")
/// ```
///
/// Events of one session are applied strictly one at a time, in order; other sessions go
/// on meanwhile (the actor is free while a step is being committed, which is what lets
/// the store commit many sessions' steps together). An event is answered only once its
/// step is durable; a retried event id gets the recorded answer and changes nothing.
/// Sessions stay in memory only while in use: the rest live in the store.
public actor Engine {
    public struct Configuration: Sendable {
        /// Sessions kept in memory between events; the least recently used are dropped
        /// (they stay in the store and are reloaded on their next event).
        public var cacheCapacity: Int
        /// The longest the timer loop sleeps before looking for due timers again.
        public var timerPoll: Int64
        /// Told of every step once it is durable (not of replayed retries). Called on the
        /// engine's executor: it must return quickly and must not call back into the engine.
        public var onStep: (@Sendable (StepNotice) -> Void)?

        public init(cacheCapacity: Int = 10_000, timerPoll: Int64 = 200, onStep: (@Sendable (StepNotice) -> Void)? = nil) {
            self.cacheCapacity = cacheCapacity
            self.timerPoll = timerPoll
            self.onStep = onStep
        }
    }

    public let flowMap: FlowMap
    public let store: any SessionStore
    public let clock: any EngineClock
    private var library: ProgramLibrary
    private var stepper: Stepper
    private var cache: SessionCache
    /// The final states of the sessions that ended last, for whoever asks right after the
    /// end (a service masking its answer, an agent's desktop): an ended session never
    /// changes, and reading it back from the store cost a request more than its step.
    /// Events never look here: an event for an ended session is refused as before.
    private var recentlyEnded: SessionCache
    private var locks = SessionLocks()
    private let configuration: Configuration
    /// The centre's time zone (the flow map's `time-zone`), for `session.hour`.
    private let timeZone: TimeZone

    public init(
        library: ProgramLibrary, flowMap: FlowMap, store: any SessionStore, clock: any EngineClock,
        configuration: Configuration = Configuration()
    ) {
        self.library = library
        self.flowMap = flowMap
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.timeZone = flowMap.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
        self.stepper = Stepper(catalog: library)
        self.cache = SessionCache(capacity: configuration.cacheCapacity)
        self.recentlyEnded = SessionCache(capacity: min(configuration.cacheCapacity, 1_024))
    }

    /// Adds a published version; new sessions start on it, running ones keep theirs.
    public func publish(_ program: FlowProgram) {
        library.add(program)
        stepper = Stepper(catalog: library)
    }

    /// Sessions held in memory now.
    public var sessionsInMemory: Int { cache.count }

    // MARK: Starting

    /// Starts a contact at a contact point and runs it to its first wait.
    ///
    /// - Parameter time: when it happens (milliseconds since 1970); the engine's clock when
    ///   nil. Simulations and replays give their own.
    public func start(_ request: StartRequest, at time: Int64? = nil) async throws(EngineError) -> EventResponse {
        let time = time ?? clock.now()
        let id = request.session ?? Self.newID()
        if request.session != nil, let receipt = try await recordedReceipt(session: id, event: Self.startEvent) {
            return try await replay(receipt, session: id)
        }
        let program = try program(serving: request)
        let code = flowMap.code(business: request.business, channel: request.channel, brand: request.brand) ?? ""
        let start = SessionStart(
            id: id, journey: request.journey, contactPoint: ContactPointInfo(
                code: code, business: request.business, channel: request.channel, brand: request.brand,
                environment: request.environment),
            customer: request.customer, agent: request.agent, variables: request.variables,
            hour: Self.hour(of: time, in: timeZone), input: request.input)
        await lock(id)
        defer { unlock(id) }
        let outcome: StepOutcome
        do {
            outcome = try stepper.start(start, program: program, at: time)
        } catch {
            throw .refused(error)
        }
        var live = outcome.session
        return try await commit(
            &live, actions: outcome.actions, records: outcome.records, event: Self.startEvent, starting: true)
    }

    private func program(serving request: StartRequest) throws(EngineError) -> FlowProgram {
        let resolution = flowMap.resolve(
            business: request.business, channel: request.channel, brand: request.brand,
            environment: request.environment)
        let where_ = "(\(request.business), \(request.channel), \(request.brand), \(request.environment))"
        switch resolution {
        case .flow(let id):
            guard let program = library.currentProgram(flow: id) else {
                throw .notServed("flow '\(id)' serving \(where_) is not published")
            }
            return program
        case .notOffered(let reason): throw .notServed("\(where_) is not offered: \(reason)")
        case .unassigned, .noCell: throw .notServed("no flow serves \(where_)")
        case .ambiguous(let flows): throw .notServed("\(where_) resolves to \(flows.joined(separator: " and "))")
        }
    }

    // MARK: Events

    /// Applies one event to a session, durably. With an `eventID`, a retry returns the
    /// first answer and has no effect.
    public func send(
        _ kind: SessionEvent.Kind, to session: String, eventID: String? = nil, actor: Actor? = nil, at time: Int64? = nil
    ) async throws(EngineError) -> EventResponse {
        // A session in memory needs no look for a recorded answer first: a retry's step
        // is refused by the store (its receipt exists) or by the stepper, and both answer
        // with the recording. A session read from the store is checked before it is loaded.
        await lock(session)
        defer { unlock(session) }
        var live: LiveSession
        if let cached = cache.get(session) {
            live = cached
        } else {
            if let eventID, let receipt = try await recordedReceipt(session: session, event: eventID) {
                return try await replay(receipt, session: session)
            }
            live = try await liveSession(session)
        }
        let result: StepResult
        do {
            result = try stepper.apply(SessionEvent(kind, at: time ?? clock.now(), actor: actor), to: &live)
        } catch {
            if let eventID, let receipt = try await recordedReceipt(session: session, event: eventID) {
                return try await replay(receipt, session: session)
            }
            throw .refused(error)
        }
        return try await commit(&live, actions: result.actions, records: result.records, event: eventID)
    }

    /// Writes a step and answers it; the session is kept in memory only if it goes on.
    private func commit(
        _ live: inout LiveSession, actions: [Action], records: [TraversalRecord], event: String?, starting: Bool = false
    ) async throws(EngineError) -> EventResponse {
        let rendered = actions.map(RenderedAction.init)
        let program = live.programs[live.programs.count - 1]
        let state = program.states[Int(live.state.current.state)].id
        var ended: EndOutcome?
        if case .ended(let outcome) = live.state.status { ended = outcome }
        let first = records.first?.sequence ?? 0
        let last = records.last?.sequence ?? 0
        do {
            try await store.commit(StepCommit(after: live, rendered: rendered, records: records, event: event))
        } catch let error as StoreError {
            cache.remove(live.state.id)
            if case .duplicateEvent = error, let event, let receipt = try await recordedReceipt(session: live.state.id, event: event) {
                return try await replay(receipt, session: live.state.id)
            }
            throw .storage(error.description)
        } catch {
            cache.remove(live.state.id)
            throw .storage("\(error)")
        }
        if ended == nil {
            cache.insert(live)
        } else {
            cache.remove(live.state.id)
            recentlyEnded.insert(live)
        }
        let response = EventResponse(
            session: live.state.id, journey: live.state.journey, state: state, flow: program.id, ended: ended,
            actions: rendered, firstSequence: first, lastSequence: last, replayed: false)
        if let onStep = configuration.onStep {
            onStep(
                StepNotice(
                    response: response, contactPoint: live.state.contactPoint, agent: live.state.agent?.id,
                    started: starting, records: records, event: starting ? nil : event,
                    time: records.last?.leftAt ?? clock.now()))
        }
        return response
    }

    private func replay(_ receipt: EventReceipt, session: String) async throws(EngineError) -> EventResponse {
        let journey: String
        let flow: String
        if let live = cache.get(session) {
            journey = live.state.journey
            flow = live.state.current.flowID
        } else {
            let state = try await storedSession(session)
            journey = state.journey
            flow = state.current.flowID
        }
        return EventResponse(
            session: session, journey: journey, state: receipt.state, flow: flow, ended: receipt.outcome,
            actions: receipt.actions, firstSequence: receipt.firstSequence, lastSequence: receipt.lastSequence,
            replayed: true)
    }

    // MARK: Sessions

    /// A session as it stands (from memory, else from the store).
    public func session(_ id: String) async throws(EngineError) -> SessionState {
        if let live = cache.get(id) ?? recentlyEnded.get(id) { return live.state }
        return try await storedSession(id)
    }

    private func liveSession(_ id: String) async throws(EngineError) -> LiveSession {
        if let live = cache.get(id) { return live }
        let state = try await storedSession(id)
        var programs: [FlowProgram] = []
        for frame in state.frames {
            guard let program = library.program(flow: frame.flowID, version: frame.version) else {
                throw .missingVersion(flow: frame.flowID, version: frame.version)
            }
            programs.append(program)
        }
        return LiveSession(state: state, programs: programs)
    }

    private func storedSession(_ id: String) async throws(EngineError) -> SessionState {
        let state: SessionState?
        do {
            state = try await store.session(id: id)
        } catch {
            throw .storage("\(error)")
        }
        guard let state else { throw .unknownSession(id) }
        return state
    }

    private func recordedReceipt(session: String, event: String) async throws(EngineError) -> EventReceipt? {
        do {
            return try await store.receipt(session: session, event: event)
        } catch {
            throw .storage("\(error)")
        }
    }

    private func lock(_ session: String) async {
        guard !locks.tryLock(session) else { return }
        await withCheckedContinuation { continuation in
            locks.enqueue(session, continuation)
        }
    }

    private func unlock(_ session: String) {
        locks.unlock(session)
    }

    // MARK: Timers

    /// Fires every timer due now, each as an event of its session (idempotent: a timer's
    /// event id names the visit it was armed for, so it fires once even across a restart).
    @discardableResult
    public func fireDueTimers() async throws(EngineError) -> Int {
        var fired = 0
        while true {
            let due: [DueTimer]
            do {
                due = try await store.dueTimers(through: clock.now(), limit: 1000)
            } catch {
                throw .storage("\(error)")
            }
            if due.isEmpty { return fired }
            await withTaskGroup(of: Void.self) { group in
                for item in due {
                    group.addTask {
                        let timer = item.timer
                        _ = try? await self.send(
                            .timer(timer.kind, depth: timer.depth, visit: timer.visit), to: item.session,
                            eventID: "timer:\(timer.kind.rawValue):\(timer.depth):\(timer.visit):\(timer.due)")
                    }
                }
            }
            fired += due.count
            if due.count < 1000 { return fired }
        }
    }

    /// Fires timers as they fall due, until the task is cancelled.
    public func runTimers() async {
        while !Task.isCancelled {
            _ = try? await fireDueTimers()
            let now = clock.now()
            let next = (try? await store.nextTimerDue()) ?? now + configuration.timerPoll
            try? await clock.sleep(until: min(max(next, now + 1), now + configuration.timerPoll))
        }
    }

    // MARK: Helpers

    static let startEvent = "start"

    static func newID() -> String { UUID().uuidString.lowercased() }

    /// The centre's hour (0-23) at a time, for `session.hour`.
    static func hour(of time: Int64, in timeZone: TimeZone) -> Int {
        let date = Date(timeIntervalSince1970: Double(time) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.component(.hour, from: date)
    }
}
