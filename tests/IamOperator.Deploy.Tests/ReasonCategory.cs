namespace IamOperator.Deploy.Tests;

/// <summary>Which kstatus condition a reason comes with (src/IamOperator.Resources/ConditionReasons.cs).</summary>
public enum ReasonCategory { Ready, Reconciling, Stalled }
