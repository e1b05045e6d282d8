"""The shared core under the shim, the migration and the emulators: resource catalog, API client,
documented errors, caller auth, multipart forms and the id map. It imports none of those parts."""
