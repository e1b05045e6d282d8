"""apig-translator: move API Gateway tenants from the shared v1.0 API to the dedicated v2 API."""
