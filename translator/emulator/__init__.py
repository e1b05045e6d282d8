"""Local emulators of the API Gateway v1.0 and v2 management APIs."""
