namespace IamOperator.Policies;

public enum GuardedEntityKind { User, Group, Role, Policy }
