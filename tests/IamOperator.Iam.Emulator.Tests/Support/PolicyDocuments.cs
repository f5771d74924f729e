namespace IamOperator.Iam.Emulator.Tests.Support;

/// <summary>Policy documents used across tests.</summary>
public static class PolicyDocuments
{
    public const string ReadS3 = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";

    public const string ListBuckets = """{"Version":"2012-10-17","Statement":[{"Sid":"List","Effect":"Allow","Action":["s3:ListBucket"],"Resource":["*"]}]}""";

    public const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    /// <summary>An identity policy whose document, whitespace not counted, has about <paramref name="size"/> characters.</summary>
    public static string OfSize(int size)
    {
        const string head = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::""";
        const string tail = "\"}]}";
        return head + new string('b', size - head.Length - tail.Length) + tail;
    }
}
