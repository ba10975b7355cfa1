// FlowPresentation module.
