-- wrk script for the payment notification scenario of `make bench`: posts signed WeChat Pay notifications to
-- /payments/notify/wechat/ from a file (bench/payment_gen.py notifications), one request a line: timestamp, nonce,
-- signature, serial and body, tab-separated. Thread i sends lines i, i+T, i+2T… (T threads), so that the file's
-- shuffled order — every notification twice — is kept across threads; after its last line a thread starts again
-- (every request then is a duplicate). 204 is an acknowledged notification (applied or a duplicate); anything else is
-- counted as unexpected. Prints exact percentiles and the counts as one JSON line.
-- Usage: wrk -t2 -c32 -d15s -s bench/notify.lua http://127.0.0.1:PORT -- REQUESTS_FILE THREADS

local requests = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, count = args[1], tonumber(args[2] or "1")
  local index = 0
  for line in io.lines(file) do
    if #line > 0 then
      if index % count == (thread_index or 0) then
        local stamp, nonce, signature, serial, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
        if body == nil then
          error("notify.lua: a line without five tab-separated fields in " .. file)
        end
        requests[#requests + 1] = wrk.format("POST", "/payments/notify/wechat/", {
          ["Content-Type"] = "application/json",
          ["Wechatpay-Timestamp"] = stamp,
          ["Wechatpay-Nonce"] = nonce,
          ["Wechatpay-Signature"] = signature,
          ["Wechatpay-Serial"] = serial,
          ["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048",
        }, body)
      end
      index = index + 1
    end
  end
  if #requests == 0 then
    error("notify.lua: no requests for this thread in " .. file)
  end
  ok = 0
  unexpected = 0
  sent = 0
  wrapped = 0
end

function request()
  counter = counter + 1
  if counter > #requests then
    counter = 1
    wrapped = wrapped + 1
  end
  sent = sent + 1
  return requests[counter]
end

function response(status, headers, body)
  if status == 204 or status == 200 then
    ok = ok + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local answered, other, total_sent, laps = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + (thread:get("ok") or 0)
    other = other + (thread:get("unexpected") or 0)
    total_sent = total_sent + (thread:get("sent") or 0)
    laps = laps + (thread:get("wrapped") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p75_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "stdev_us": %.1f, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, "ok": %d, "unexpected": %d, '
      .. '"sent": %d, "wrapped": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, latency.stdev,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout, answered, other, total_sent, laps
  ))
end
