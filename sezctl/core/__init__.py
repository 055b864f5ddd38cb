"""The foundation every layer shares: the model, the one problem type, dates."""
