-- Argo CD health check for IamGroup, IamUser, IamServiceRole and IamPolicy (iamoperator.dev).
-- The four kinds share one status shape: observedGeneration plus kstatus conditions
-- Ready / Reconciling / Stalled, each with a reason from docs/runbook.md.
--   deleting                              -> Progressing (IAM cleanup runs before the finalizer goes)
--   no status yet, or an older generation -> Progressing (the operator has not acted on this spec)
--   Stalled=True                          -> Degraded    (needs a person: the reason says what to fix)
--   Ready=True                            -> Healthy
--   anything else (Reconciling=True, ...) -> Progressing
local hs = {}

local function condition(conditions, conditionType)
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  local text = c.reason or ""
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting: the operator is removing the IAM entity (or keeping it, with deletionPolicy Retain)"
  local status = obj.status or {}
  local reconciling = condition(status.conditions or {}, "Reconciling")
  if reconciling ~= nil and reconciling.status == "True" then
    hs.message = "Deleting: " .. describe(reconciling)
  end
  return hs
end

local status = obj.status
if status == nil or status.conditions == nil or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. tostring(generation) ..
    " (observed " .. tostring(status.observedGeneration or "none") .. ")"
  return hs
end

local stalled = condition(status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

local ready = condition(status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

local reconciling = condition(status.conditions, "Reconciling")
hs.status = "Progressing"
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = describe(reconciling)
elseif ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the Ready condition"
end
return hs
