-- wrk script: POST /api/v1/advise with profiles that vary from request to request
-- (population, priorities, backing), so no layer could answer from a cache.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local kinds = {"gemeinde", "stadt", "kreisfreie_stadt", "landkreis"}
local goals = {"concept", "implementation", "internal_coordination", "citizens_business"}
local counter = 0
request = function()
  counter = counter + 1
  local population = 1000 + (counter * 7919) % 400000
  local body = string.format(
    '{"municipality":{"kind":"%s","population":%d},"goals":["%s"],'
    .. '"resources":{"staff_fte":%.1f},"backing":{"administration_head":%d},'
    .. '"structures":{"energy_agency_in_region":%s}}',
    kinds[counter % 4 + 1], population, goals[counter % 4 + 1],
    0.5 + (counter % 6) * 0.5, counter % 5 + 1, (counter % 2 == 0) and "true" or "false")
  return wrk.format(nil, nil, nil, body)
end
