using CsCheck;
using IamOperator.Iam;
using IamOperator.Reconciliation.Credentials;

namespace IamOperator.Reconciliation.Tests.Credentials;

/// <summary>
/// The rotation's invariants over random histories: reconciles at random moments, the operator's clock jumping ahead
/// by months or running hours off IAM's, verifications that fail, and a person creating and deleting keys of their own.
/// Each decision is applied to a model of IAM (two keys per user) and of the Secret, as <c>UserCredentialsReconciler</c>
/// applies it (create, verify, then write the Secret; a failed verification deletes the new key).
/// </summary>
public class AccessKeyRotationPropertyTests
{
    private sealed record ModelKey(string Id, DateTimeOffset Created, bool Ours)
    {
        public AccessKeyStatus Status { get; set; } = AccessKeyStatus.Active;
    }

    private sealed class Model(Random random, int rotateDays, int graceDays)
    {
        private int next;
        public DateTimeOffset IamNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public TimeSpan Skew = TimeSpan.Zero;
        public List<ModelKey> Keys { get; } = [];
        public string? SecretKeyId;
        public string? Remembered;
        public bool SecretEverWritten;

        public void Reconcile(bool verificationFails)
        {
            for (var steps = 0; steps < 4; steps++)
            {
                var input = new AccessKeyRotationInput(TimeSpan.FromDays(rotateDays), TimeSpan.FromDays(graceDays),
                    [.. Keys.Select(k => new AccessKeyMetadata("u", k.Id, k.Status, k.Created))], SecretKeyId, Remembered, IamNow + Skew);
                switch (AccessKeyRotation.Decide(input))
                {
                    case AccessKeyStep.Create:
                        if (Keys.Count >= AccessKeyRotation.KeysPerUser) throw new InvalidOperationException("asked to create a third key: IAM would answer LimitExceeded");
                        var key = new ModelKey($"AKIA{++next}", IamNow, Ours: true);
                        Keys.Add(key);
                        if (verificationFails)
                        {
                            Keys.Remove(key);
                            return;
                        }
                        (SecretKeyId, SecretEverWritten) = (key.Id, true);
                        break;
                    case AccessKeyStep.Retire retire:
                        var old = Keys.Single(k => k.Id == retire.AccessKeyId);
                        if (!old.Ours) throw new InvalidOperationException($"asked to delete {old.Id}, a key the operator did not create");
                        if (old.Id == SecretKeyId) throw new InvalidOperationException($"asked to delete {old.Id}, the key in the Secret");
                        Keys.Remove(old);
                        break;
                    default:
                        Remembered = SecretKeyId ?? Remembered;
                        return;
                }
                IamNow += TimeSpan.FromMilliseconds(random.Next(1, 500));
            }
            throw new InvalidOperationException("more than four steps in one reconcile: the decision loops");
        }

        public void PersonCreatesKey()
        {
            if (Keys.Count < AccessKeyRotation.KeysPerUser) Keys.Add(new ModelKey($"AKIAPERSON{++next}", IamNow, Ours: false));
        }

        public void PersonDeletesTheirKey() => Keys.RemoveAll(k => !k.Ours);
    }

    /// <summary>Any periods, a grace as long as the rotation or longer included (the next key then waits for the old one to go).</summary>
    private static readonly Gen<(int Seed, int Rotate, int Grace)> Histories = Gen.Select(Gen.Int, Gen.Int[1, 120], Gen.Int[0, 150]);

    private static readonly Gen<(int Seed, int Rotate, int Grace)> ShortGraceHistories = Histories.Where((_, rotate, grace) => grace < rotate);

    [Fact]
    public void The_Secret_always_holds_an_active_key_IAM_knows_and_no_key_the_operator_did_not_create_is_ever_deleted()
    {
        Histories.Sample((seed, rotate, grace) =>
        {
            var random = new Random(seed);
            var model = new Model(random, rotate, grace);
            for (var i = 0; i < 60; i++)
            {
                switch (random.Next(10))
                {
                    case < 4: model.IamNow += TimeSpan.FromHours(random.Next(1, 24 * 200)); break;           // months may pass between looks
                    case 4: model.Skew = TimeSpan.FromMinutes(random.Next(-600, 600)); break;                 // the operator's clock is off
                    case 5: model.PersonCreatesKey(); break;
                    case 6: model.PersonDeletesTheirKey(); break;
                    default: model.Reconcile(verificationFails: random.Next(5) == 0); break;
                }
                if (model.SecretEverWritten)
                {
                    var inSecret = model.Keys.SingleOrDefault(k => k.Id == model.SecretKeyId);
                    if (inSecret is null || inSecret.Status != AccessKeyStatus.Active || !inSecret.Ours) return false;
                }
                if (model.Keys.Count > AccessKeyRotation.KeysPerUser) return false;
            }
            return true;
        }, iter: 3000);
    }

    [Fact]
    public void Without_keys_of_others_and_with_working_verification_a_reconcile_leaves_a_key_younger_than_rotateAfterDays_and_one_key_after_the_grace_period()
    {
        ShortGraceHistories.Sample((seed, rotate, grace) =>
        {
            var random = new Random(seed);
            var model = new Model(random, rotate, grace);
            for (var i = 0; i < 30; i++)
            {
                model.IamNow += TimeSpan.FromHours(random.Next(1, 24 * 200));
                model.Reconcile(verificationFails: false);
                var current = model.Keys.Single(k => k.Id == model.SecretKeyId);
                if (model.IamNow - current.Created >= TimeSpan.FromDays(rotate)) return false;
                if (model.IamNow - current.Created >= TimeSpan.FromDays(grace) && model.Keys.Count != 1) return false;
            }
            return true;
        }, iter: 2000);
    }
}
