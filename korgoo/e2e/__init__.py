"""End-to-end journeys in headless Chromium: a worker on a phone, caseworkers at a desk."""
