"""beampy workloads whose receives select by pattern, as the Elixir ones do (beampy_patterns)."""
