namespace IamOperator.Iam.Tests;

/// <summary>Requests are IAM Query API forms: Action, Version=2010-05-08, Member.N lists, RFC 3986 encoding.</summary>
public class FormEncodingTests
{
    private static (IamQueryClient Client, FakeIamHandler Handler) ClientAnswering(string action, string result = "")
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result(action, result));
        return (TestClients.Over(handler), handler);
    }

    private const string UserXml = "<User><Path>/</Path><UserName>alice</UserName><UserId>AIDA1234567890EXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></User>";

    [Fact]
    public async Task Every_request_is_a_form_POST_with_Action_and_Version_2010_05_08()
    {
        var (client, handler) = ClientAnswering("DeleteUser");
        using (client)
            await client.DeleteUserAsync("alice", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Uri.AbsolutePath);
        Assert.StartsWith("Action=DeleteUser&Version=2010-05-08&", request.Body);
        Assert.Equal("alice", request.Form["UserName"]);
    }

    [Fact]
    public async Task Tags_are_sent_as_Tags_member_N_Key_and_Value()
    {
        var (client, handler) = ClientAnswering("CreateUser", UserXml);
        using (client)
        {
            await client.CreateUserAsync(new CreateUserRequest("alice", "/people/", "arn:aws:iam::123456789012:policy/Boundary",
                [new IamTag("iamoperator.dev/owner", "ns/alice"), new IamTag("team", "a b&c=d")]), CancellationToken.None);
        }

        var form = handler.Requests[0].Form;
        Assert.Equal("iamoperator.dev/owner", form["Tags.member.1.Key"]);
        Assert.Equal("ns/alice", form["Tags.member.1.Value"]);
        Assert.Equal("team", form["Tags.member.2.Key"]);
        Assert.Equal("a b&c=d", form["Tags.member.2.Value"]);
        Assert.Equal("/people/", form["Path"]);
        Assert.Equal("arn:aws:iam::123456789012:policy/Boundary", form["PermissionsBoundary"]);
    }

    [Fact]
    public async Task Untag_sends_TagKeys_member_N()
    {
        var (client, handler) = ClientAnswering("UntagPolicy");
        using (client)
            await client.UntagAsync(IamTaggable.Policy("arn:aws:iam::123456789012:policy/P"), ["a", "b"], CancellationToken.None);

        var form = handler.Requests[0].Form;
        Assert.Equal("UntagPolicy", form["Action"]);
        Assert.Equal("arn:aws:iam::123456789012:policy/P", form["PolicyArn"]);
        Assert.Equal("a", form["TagKeys.member.1"]);
        Assert.Equal("b", form["TagKeys.member.2"]);
    }

    [Fact]
    public async Task Account_details_filter_is_sent_as_Filter_member_N_with_IAM_entity_type_names()
    {
        var (client, handler) = ClientAnswering("GetAccountAuthorizationDetails", "<IsTruncated>false</IsTruncated>");
        using (client)
        {
            await client.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.User | AccountDetailsFilter.AwsManagedPolicy | AccountDetailsFilter.LocalManagedPolicy,
                CancellationToken.None);
        }

        var form = handler.Requests[0].Form;
        Assert.Equal(["User", "LocalManagedPolicy", "AWSManagedPolicy"],
            form.Where(p => p.Key.StartsWith("Filter.member.", StringComparison.Ordinal)).OrderBy(p => p.Key).Select(p => p.Value));
    }

    [Fact]
    public async Task Policy_documents_are_percent_encoded_per_RFC_3986_and_arrive_unchanged()
    {
        const string document = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::a+b/~x\"}]\n}";
        var (client, handler) = ClientAnswering("PutRolePolicy");
        using (client)
            await client.PutInlinePolicyAsync(IamPrincipal.Role("app"), "s3", document, CancellationToken.None);

        var request = handler.Requests[0];
        Assert.Contains("PolicyDocument=%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22", request.Body);
        Assert.Contains("a%2Bb%2F~x", request.Body);
        Assert.DoesNotContain("+", request.Body);
        Assert.Equal(document, request.Form["PolicyDocument"]);
        Assert.Equal("app", request.Form["RoleName"]);
    }

    [Theory]
    [InlineData(IamPrincipalKind.User, "AttachUserPolicy", "UserName")]
    [InlineData(IamPrincipalKind.Group, "AttachGroupPolicy", "GroupName")]
    [InlineData(IamPrincipalKind.Role, "AttachRolePolicy", "RoleName")]
    public async Task Attachments_use_the_principal_specific_action_and_name_parameter(IamPrincipalKind kind, string action, string nameParameter)
    {
        var (client, handler) = ClientAnswering(action);
        using (client)
            await client.AttachPolicyAsync(new IamPrincipal(kind, "x"), "arn:aws:iam::aws:policy/ReadOnlyAccess", CancellationToken.None);

        var form = handler.Requests[0].Form;
        Assert.Equal(action, form["Action"]);
        Assert.Equal("x", form[nameParameter]);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", form["PolicyArn"]);
    }

    [Fact]
    public async Task Optional_parameters_left_null_are_not_sent()
    {
        var (client, handler) = ClientAnswering("UpdateRole");
        using (client)
            await client.UpdateRoleAsync("app", null, 7200, CancellationToken.None);

        var form = handler.Requests[0].Form;
        Assert.Equal("7200", form["MaxSessionDuration"]);
        Assert.False(form.ContainsKey("Description"));
    }

    [Fact]
    public async Task Permissions_boundary_on_a_group_is_refused_before_any_call()
    {
        var (client, handler) = ClientAnswering("PutGroupPermissionsBoundary");
        using (client)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() =>
                client.PutPermissionsBoundaryAsync(IamPrincipal.Group("ops"), "arn:aws:iam::123456789012:policy/B", CancellationToken.None));
            Assert.Contains("users and roles only", error.Message);
        }
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Policy_list_scope_and_only_attached_use_IAM_values()
    {
        var (client, handler) = ClientAnswering("ListPolicies", "<Policies/><IsTruncated>false</IsTruncated>");
        using (client)
            await client.ListPoliciesAsync(PolicyScope.Aws, onlyAttached: true, "/job-function/", CancellationToken.None);

        var form = handler.Requests[0].Form;
        Assert.Equal("AWS", form["Scope"]);
        Assert.Equal("true", form["OnlyAttached"]);
        Assert.Equal("/job-function/", form["PathPrefix"]);
    }

    [Fact]
    public void Every_action_the_client_can_send_is_listed_once()
    {
        Assert.Equal(IamActions.All.Count, IamActions.All.Distinct().Count());
        Assert.Contains("GetAccountAuthorizationDetails", IamActions.All);
        Assert.False(IamActions.IsWrite("ListUsers"));
        Assert.True(IamActions.IsWrite("CreatePolicyVersion"));
    }
}
