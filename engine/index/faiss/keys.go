package faiss

// searchKeys are the SearchParams.Values keys the faiss backend accepts.
var searchKeys = []string{"efSearch", "nprobe"}
