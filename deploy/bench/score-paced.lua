-- GET /api/v1/units/{id}/score of random BENCH units (bench-scoring load). Usage (docs/benchmarks/query.md):
--   TOKEN=$(./deploy/run.sh token --org XYB --roles CREDIT_OFFICE) PAUSE_MS=20 [UNITS=100000] \
--   wrk -t2 -c27 -d30s --latency -s deploy/bench/score-paced.lua http://127.0.0.1:8084
-- wrk: each connection sends one request every (1000 / per_conn_rate) ms; with -c N, N × per_conn_rate req/s.
-- Latency excludes the pause; a slow answer delays the next request of its connection (closed loop per connection).
math.randomseed(7)
local token = os.getenv("TOKEN")
local pause = tonumber(os.getenv("PAUSE_MS") or "20")
local units = tonumber(os.getenv("UNITS") or "5000") -- as loaded by bench-scoring load --units
request = function()
  return wrk.format("GET", string.format("/api/v1/units/BENCH%05d/score", math.random(0, units - 1)), {["Authorization"] = "Bearer " .. token})
end
delay = function()
  return pause
end
