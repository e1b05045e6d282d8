"""Handlers for behaviour the generic CRUD cannot express: publishing, bindings, secrets, batches,
domains and certificates, summaries and statistics, quota configs, debugging, Swagger transfer."""
