namespace IamOperator.Resources.Crds;

/// <summary>One generated CRD: its file name under config/crd/ and its YAML text.</summary>
public sealed record CrdFile(string FileName, string Yaml);
