"""Every write of the evidence app: the work diary, saved calculations, generated documents, rate
imports. Split by subject; import from the submodules."""
