using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// The old key must be gone before the new one is due: with graceDays at or beyond rotateAfterDays a rotation would
/// have to start while IAM still holds both keys, and IAM allows only two.
/// </summary>
public sealed class GraceShorterThanRotation : CrossFieldRule
{
    public override string Cel =>
        $"(has(self.graceDays) ? self.graceDays : {AccessKeySpec.DefaultGraceDays}) < (has(self.rotateAfterDays) ? self.rotateAfterDays : {AccessKeySpec.DefaultRotateAfterDays})";

    public override string Message => "graceDays must be less than rotateAfterDays: the old key must be gone before the next rotation needs IAM's second key slot";

    public override bool IsSatisfiedBy(JsonElement self) =>
        Days(self, "graceDays", AccessKeySpec.DefaultGraceDays) < Days(self, "rotateAfterDays", AccessKeySpec.DefaultRotateAfterDays);

    private static long Days(JsonElement self, string name, int fallback) =>
        self.ValueKind == JsonValueKind.Object && self.TryGetProperty(name, out var value) && value.TryGetInt64(out var days) ? days : fallback;
}
