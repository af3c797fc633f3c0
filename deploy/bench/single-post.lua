-- wrk script for single-fact POSTs (docs/benchmarks.md): each request a new eventId, 50 units BENCH0..BENCH49
-- (register them first, e.g. with `run.sh bench-ingest single --rate=1 --seconds=1 --warmup=0`).
--   TOKEN=$(./deploy/run.sh token --org JGW --roles PROVIDER | tail -1) OCCURRED_ON=$(date -d yesterday +%F) \
--   wrk -t2 -c32 -d30s --latency -s deploy/bench/single-post.lua http://127.0.0.1:8081
local token = os.getenv("TOKEN")
local occurredOn = os.getenv("OCCURRED_ON")
-- The fact: 4.1 TALK_OR_CRITICISM by default (JGW); for a score that changes with every fact, e.g.
-- INDICATOR=6.4 OUTCOME=PENALISED POINTS=0.01 with a DGWBGS token.
local indicator = os.getenv("INDICATOR") or "4.1"
local outcome = os.getenv("OUTCOME") or "TALK_OR_CRITICISM"
local points = os.getenv("POINTS")
-- PAUSE_MS=20: each connection waits that long between requests (paced: -c N gives about N / (pause + latency)
-- requests/s); without it, the next request goes as soon as the answer is in (closed loop, saturating).
local pause = tonumber(os.getenv("PAUSE_MS") or "0")
-- UNITS=5000: the units BENCH00000..BENCH04999 of `run.sh bench-scoring load` instead of BENCH0..BENCH49.
local units = tonumber(os.getenv("UNITS") or "0")
local counter = 0
local n = 0

function setup(thread)
  n = n + 1
  thread:set("tid", n)
end

function init(args)
  math.randomseed(os.time() + tid * 7919)
  prefix = string.format("%08x-%04x-4%03x", math.random(0, 0x7fffffff), math.random(0, 0xffff), math.random(0, 0xfff))
end

request = function()
  counter = counter + 1
  local id = string.format("%s-8000-%012x", prefix, counter)
  local body = '{"eventId":"' .. id .. '","unitId":"' .. (units > 0 and string.format("BENCH%05d", counter % units) or ("BENCH" .. (counter % 50)))
    .. '","indicator":"' .. indicator .. '","outcome":"' .. outcome .. '"'
    .. (points and (',"points":' .. points) or '') .. ',"occurredOn":"' .. occurredOn
    .. '","reference":"济纪发〔2026〕' .. counter .. '号","summary":"压测数据"}'
  return wrk.format("POST", "/api/v1/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

if pause > 0 then
  delay = function()
    return pause
  end
end

done = function(summary, latency, requests)
  io.write(string.format("errors: %d non-2xx, %d timeouts, %d connect, %d read\n",
    summary.errors.status, summary.errors.timeout, summary.errors.connect, summary.errors.read))
end
