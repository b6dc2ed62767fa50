-- wrk script for the ticket-taking scenarios of `make bench` (bench/ticket_bench.py): each request posts the ticket
-- form as the client it stands for would — a kiosk's browser (its device cookie, session and CSRF cookie) or a
-- signed-in phone (session and CSRF cookie) — one line of the file per request, every line used once at most: the
-- lines are dealt out to wrk's threads (line i to thread i mod THREADS), and a thread that has used its share sends
-- nothing more. A redirect (302, to the ticket) is a ticket taken; anything else is counted as unexpected. Prints
-- exact percentiles and the counts as one JSON line.
-- Usage: wrk -t2 -c32 -d15s -s bench/ticket.lua http://127.0.0.1:PORT -- LINES_FILE THREADS
-- LINES_FILE: one request per line, "PATH<TAB>COOKIE<TAB>FORM BODY" (application/x-www-form-urlencoded).

local lines = {}
local threads = {}
local position = 0

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(args[2])
  local n = 0
  for line in io.lines(args[1]) do
    if #line > 0 then
      if n % count == (thread_index or 0) then
        local path, cookie, body = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
        lines[#lines + 1] = { path = path, cookie = cookie, body = body }
      end
      n = n + 1
    end
  end
  ok = 0
  unexpected = 0
  sent = 0
  exhausted = 0
end

function request()
  position = position + 1
  if position > #lines then
    exhausted = 1
    position = #lines  -- sent again; counted, and the bench says the run outlasted its lines
  end
  sent = sent + 1
  local entry = lines[position]
  return wrk.format("POST", entry.path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = entry.cookie,
  }, entry.body)
end

function response(status, headers, body)
  if status == 302 then
    ok = ok + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local answered, other, total_sent, ran_out = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + (thread:get("ok") or 0)
    other = other + (thread:get("unexpected") or 0)
    total_sent = total_sent + (thread:get("sent") or 0)
    ran_out = ran_out + (thread:get("exhausted") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p75_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "stdev_us": %.1f, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, "ok": %d, "unexpected": %d, '
      .. '"sent": %d, "ran_out": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, latency.stdev,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout, answered, other, total_sent, ran_out
  ))
end
