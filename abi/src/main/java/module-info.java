/** ABI v1 of the edge host: the contract between guests and hosts, with no runtime types. */
module dev.edgehost.abi {
    exports dev.edgehost.abi;
}
