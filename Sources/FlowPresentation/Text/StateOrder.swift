import FlowModel

/// The order in which a reader meets a flow's states: breadth-first from the start along
/// the states' own transitions, then what only handlers reach, then states nothing reaches.
enum StateOrder {
    static func readingOrder(of flow: Flow) -> [Int] {
        var order: [Int] = []
        var seen = Set<Int>()
        var queue: [Int] = []
        func enqueue(_ index: Int?) {
            guard let index, flow.states.indices.contains(index), !seen.contains(index) else { return }
            seen.insert(index)
            queue.append(index)
        }
        func drain() {
            while !queue.isEmpty {
                let index = queue.removeFirst()
                order.append(index)
                for transition in flow.states[index].transitions { enqueue(transition.target.index) }
            }
        }
        enqueue(flow.start.index ?? flow.stateIndex(named: flow.start.name))
        drain()
        for handler in flow.handlers { enqueue(handler.transition.target.index) }
        drain()
        for index in flow.states.indices where !seen.contains(index) {
            enqueue(index)
            drain()
        }
        return order
    }
}
