-- soak.lua — the wrk script of bench/soak.sh: a mix of reads and writes on one dxtrack server,
-- counting every answer so that soak.sh can check for errors and lost updates afterwards.
--
-- wrk -s bench/soak.lua URL -- TOKEN LABEL TASKS_FILE WRITE_UNTIL MIX OUT
--   TOKEN        an API token of an administrator (sent as Authorization: Bearer)
--   LABEL        names this wrk instance in the notes of its writes ("a", "b")
--   TASKS_FILE   one "YEAR CODE" per line: the tasks read and written
--   WRITE_UNTIL  Unix time after which no write is sent any more (reads go on), so that no
--                write is still in flight when wrk stops and every write is accounted for
--   MIX          percentages "summary:dashboard:get:patch" (e.g. 25:15:35:25)
--   OUT          prefix of the files the threads write their counts to (OUT-1, OUT-2, …)
--
-- Each request is drawn at random: GET /api/v1/summary?year=2023, GET /?year=2023 (the
-- dashboard), GET /api/v1/tasks/YEAR/CODE (the task with its history), or PATCH of the same
-- URL with {"progress_pct", "note", "version"}, the version being the latest this thread has
-- read of that task (from a GET, a PATCH answer or the "current" of a 409). A PATCH of a task
-- the thread has never read is sent as a GET instead. Every write carries a unique note
-- "soak LABEL-THREAD-SEQ".
--
-- Answers are told apart by their bodies: a task is {"code":…} (a GET has "history", a PATCH
-- answer has not), a conflict is 409 with "current". Each wrk thread appends to its own file
-- OUT-ID, one line per event (flushed every second and at exit), which soak.sh adds up after wrk
-- exits (wrk 4.1's thread:get() mixes up the entries of tables: nothing is carried back that way):
--   a YEAR/CODE VERSION   a write acknowledged (200), and the version it produced
--   c YEAR/CODE           a write refused as a conflict (409 with the current version)
--   s STATUS              any other answer: an error
--   x STATUS BODY         the first 300 bytes of such an answer (the first 20 of each thread)
-- done() prints wrk's socket errors, total and latency percentiles for soak.sh:
--   sockerr connect|read|write|timeout N / total REQUESTS DURATION_US / latency P50 P99 MAX (µs)

local counter = 1

function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
end

-- the running phase: one Lua state per wrk thread
local token, label, write_until, out
local weights = {}
local tasks = {} -- { {key = "2024/GEN-000002", path = "/api/v1/tasks/2024/GEN-000002"}, … }
local known = {} -- key → the latest version this thread has read
local seq = 0
local samples = 0
local last_flush = 0

function init(args)
	token, label, write_until = args[1], args[2], tonumber(args[4])
	local f = assert(io.open(args[3], "r"))
	for line in f:lines() do
		local year, code = line:match("^(%d+) (%S+)")
		if year then
			table.insert(tasks, {key = year .. "/" .. code,
			                     path = "/api/v1/tasks/" .. year .. "/" .. code})
		end
	end
	f:close()
	local acc = 0
	for w in args[5]:gmatch("%d+") do
		acc = acc + tonumber(w)
		table.insert(weights, acc)
	end
	assert(#tasks > 0 and #weights == 4 and acc == 100, "soak.lua: bad tasks file or mix")
	out = assert(io.open(args[6] .. "-" .. id, "w"))
	out:setvbuf("full", 65536)
	math.randomseed(os.time() * 1000 + id * 7919 + label:byte(1))
end

local function headers()
	return {["Host"] = wrk.host .. (wrk.port and (":" .. wrk.port) or ""),
	        ["Authorization"] = "Bearer " .. token}
end

function request()
	local now = os.time()
	if now ~= last_flush then
		out:flush()
		last_flush = now
	end
	local r = math.random(100)
	if r <= weights[1] then
		return wrk.format("GET", "/api/v1/summary?year=2023", headers())
	elseif r <= weights[2] then
		return wrk.format("GET", "/?year=2023", headers())
	end
	local t = tasks[math.random(#tasks)]
	local v = known[t.key]
	if r <= weights[3] or not v or now >= write_until then
		return wrk.format("GET", t.path, headers())
	end
	seq = seq + 1
	local h = headers()
	h["Content-Type"] = "application/json"
	local body = string.format('{"progress_pct":%d,"note":"soak %s-%d-%d","version":%d}',
	                           math.random(1, 99), label, id, seq, v)
	return wrk.format("PATCH", t.path, h, body)
end

-- a task object's key and version: its first "code", "year" and "version"
local function task_of(body)
	local code = body:match('"code":"([^"]*)"')
	local year = body:match('"year":(%d+)')
	local v = body:match('"version":(%d+)')
	if code and year and v then
		return year .. "/" .. code, tonumber(v)
	end
end

local function seen(key, v)
	if not known[key] or known[key] < v then
		known[key] = v
	end
end

local function odd(st, body)
	out:write("s ", st, "\n")
	if samples < 20 then
		samples = samples + 1
		out:write("x ", st, " ", (body:sub(1, 300):gsub("[\r\n]", " ")), "\n")
	end
end

function response(st, hdrs, body)
	if st == 200 then
		if body:sub(1, 9) == '{"code":"' then
			local key, v = task_of(body)
			if not key then
				return odd(st, body)
			end
			seen(key, v)
			if not body:find('"history":', 1, true) then -- a PATCH's answer
				out:write("a ", key, " ", v, "\n")
			end
		end
	elseif st == 409 then
		local at = body:find('"current":{', 1, true)
		local key, v
		if at then
			key, v = task_of(body:sub(at + 10))
		end
		if not key then
			return odd(st, body)
		end
		seen(key, v)
		out:write("c ", key, "\n")
	else
		odd(st, body)
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("sockerr connect %d\nsockerr read %d\nsockerr write %d\n" ..
	                       "sockerr timeout %d\n", e.connect, e.read, e.write, e.timeout))
	io.write(string.format("total %d %d\n", summary.requests, summary.duration))
	io.write(string.format("latency %d %d %d\n", latency:percentile(50), latency:percentile(99),
	                       latency.max))
end
