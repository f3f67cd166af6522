namespace Fraud.Orleans.Runtime;

/// <summary>Marker for a virtual actor: one activation per key, one message at a time.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key, as Orleans' <c>IGrainWithStringKey</c>.</summary>
public interface IGrainWithStringKey : IGrain;
