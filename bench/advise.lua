-- wrk script: POST /api/v1/advise with 2,000 different profiles (kind, population, goal, posts,
-- backing, energy agency), prepared once so the client spends its CPU on sending, not formatting.
local kinds = {"gemeinde", "stadt", "kreisfreie_stadt", "landkreis"}
local goals = {"concept", "implementation", "internal_coordination", "citizens_business"}
local requests = {}
local count = 2000
local position = 0

init = function(args)
  for i = 1, count do
    local population = 1000 + (i * 7919) % 400000
    local body = string.format(
      '{"municipality":{"kind":"%s","population":%d},"goals":["%s"],'
      .. '"resources":{"staff_fte":%.1f},"backing":{"administration_head":%d},'
      .. '"structures":{"energy_agency_in_region":%s}}',
      kinds[i % 4 + 1], population, goals[math.floor(i / 4) % 4 + 1],
      0.5 + (i % 6) * 0.5, i % 5 + 1, (i % 2 == 0) and "true" or "false")
    requests[i] = wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
  end
end

request = function()
  position = position % count + 1
  return requests[position]
end
