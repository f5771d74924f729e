using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Virtual MFA devices (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html,
/// API_ListVirtualMFADevices, API_DeleteVirtualMFADevice): account-level, assigned by EnableMFADevice.
/// </summary>
public sealed class VirtualMfaDeviceTests
{
    [Fact]
    public async Task Created_device_has_its_ARN_as_serial_and_a_base32_seed()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var created = await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "alice"), ("Path", "/people/"));

        Assert.Equal("arn:aws:iam::123456789012:mfa/people/alice", created.Value("VirtualMFADevice/SerialNumber"));
        Assert.Matches("^[A-Z2-7]{64}$", created.Value("VirtualMFADevice/Base32StringSeed"));
    }

    [Fact]
    public async Task Same_path_and_name_twice_answers_EntityAlreadyExists()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "alice"));

        var refused = await iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "alice"));

        Assert.Equal((409, "EntityAlreadyExists"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task List_shows_the_user_and_enable_date_of_assigned_devices_and_filters_by_assignment()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "alice"));
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "spare"));
        await iam.OkAsync("EnableMFADevice", ("UserName", "alice"), ("SerialNumber", "arn:aws:iam::123456789012:mfa/alice"),
            ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));

        var all = await iam.OkAsync("ListVirtualMFADevices");
        var assigned = await iam.OkAsync("ListVirtualMFADevices", ("AssignmentStatus", "Assigned"));
        var unassigned = await iam.OkAsync("ListVirtualMFADevices", ("AssignmentStatus", "Unassigned"));

        Assert.Equal(["arn:aws:iam::123456789012:mfa/alice", "arn:aws:iam::123456789012:mfa/spare"], all.Values("VirtualMFADevices/member/SerialNumber"));
        Assert.Equal(["alice"], all.Values("VirtualMFADevices/member/User/UserName"));
        Assert.Single(all.Values("VirtualMFADevices/member/EnableDate"));
        Assert.Equal(["arn:aws:iam::123456789012:mfa/alice"], assigned.Values("VirtualMFADevices/member/SerialNumber"));
        Assert.Equal(["arn:aws:iam::123456789012:mfa/spare"], unassigned.Values("VirtualMFADevices/member/SerialNumber"));
        Assert.Equal("ValidationError", (await iam.CallAsync("ListVirtualMFADevices", ("AssignmentStatus", "Some"))).ErrorCode);
    }

    [Fact]
    public async Task Enabling_a_virtual_serial_that_was_never_created_answers_NoSuchEntity_while_hardware_serials_need_none()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var virtualDevice = await iam.CallAsync("EnableMFADevice", ("UserName", "alice"), ("SerialNumber", "arn:aws:iam::123456789012:mfa/ghost"),
            ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));
        var hardware = await iam.CallAsync("EnableMFADevice", ("UserName", "alice"), ("SerialNumber", "GAHT12345678"),
            ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));

        Assert.Equal((404, "NoSuchEntity"), (virtualDevice.Status, virtualDevice.ErrorCode));
        Assert.True(hardware.IsSuccess);
        Assert.Empty((await iam.OkAsync("ListVirtualMFADevices")).All("VirtualMFADevices/member"));
    }

    [Fact]
    public async Task Device_enabled_for_a_user_answers_DeleteConflict_until_deactivated()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var outOfBand = new OutOfBandIam(iam.Server);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var serial = await outOfBand.EnableVirtualMfaDeviceAsync("alice");

        var conflict = await iam.CallAsync("DeleteVirtualMFADevice", ("SerialNumber", serial));
        await iam.OkAsync("DeactivateMFADevice", ("UserName", "alice"), ("SerialNumber", serial));
        await iam.OkAsync("DeleteVirtualMFADevice", ("SerialNumber", serial));

        Assert.Equal((409, "DeleteConflict"), (conflict.Status, conflict.ErrorCode));
        Assert.Empty(await outOfBand.VirtualMfaDevicesAsync());
    }

    [Fact]
    public async Task Deleting_an_unknown_device_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var missing = await iam.CallAsync("DeleteVirtualMFADevice", ("SerialNumber", "arn:aws:iam::123456789012:mfa/nobody"));

        Assert.Equal((404, "NoSuchEntity"), (missing.Status, missing.ErrorCode));
    }
}
